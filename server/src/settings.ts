/** Settings of the server, read per document from the client's `smtpLog` configuration. */
import { DEFAULT_SETTINGS, type ServiceSettings } from './core/smtpLanguageService';

export interface RawSettings {
  hover?: { detail?: string };
  problems?: { max?: number; enabled?: boolean };
  outline?: { maxItems?: number };
  inlayHints?: { replyDelay?: boolean };
}

export interface Settings extends ServiceSettings { problemsEnabled: boolean; replyDelayHints: boolean }

export function toSettings(raw: RawSettings | null | undefined): Settings {
  const detail = raw?.hover?.detail === 'brief' ? 'brief' : DEFAULT_SETTINGS.hoverDetail;
  const num = (v: unknown, d: number, min: number, max: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.max(min, Math.min(max, Math.floor(v))) : d;
  return {
    hoverDetail: detail,
    maxProblems: num(raw?.problems?.max, DEFAULT_SETTINGS.maxProblems, 0, 100000),
    maxOutlineItems: num(raw?.outline?.maxItems, DEFAULT_SETTINGS.maxOutlineItems, 100, 100000),
    problemsEnabled: raw?.problems?.enabled !== false,
    replyDelayHints: raw?.inlayHints?.replyDelay === true,
  };
}
