/** The version of the package, put in by the bundler (scripts/esbuild.mjs `define`); tsc output says "dev". */
declare const SMTP_LOG_VERSION: string | undefined;

export const SERVER_VERSION: string = typeof SMTP_LOG_VERSION === 'string' ? SMTP_LOG_VERSION : '0.0.0-dev';
