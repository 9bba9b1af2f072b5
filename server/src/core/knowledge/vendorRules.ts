import type { VendorRule } from './types';

/** Vendor knowledge keyed by code AND text (Exchange, Microsoft 365, Gmail, postfix, exim, DNSBLs, ...). */
export const VENDOR_RULES: readonly VendorRule[] = [];
