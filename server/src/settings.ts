/** Settings of the server, read per document from the client's `smtpLog` configuration. */
import { DEFAULT_SETTINGS, DEFAULT_ASSUMPTIONS, type ServiceSettings, type TrailAssumptions } from './core/smtpLanguageService';
import { DEFAULT_INDEX_SETTINGS, type IndexSettings } from './workspaceIndex';

export interface RawSettings {
  hover?: { detail?: string };
  problems?: { max?: number; enabled?: boolean };
  outline?: { maxItems?: number };
  inlayHints?: { replyDelay?: boolean };
  workspaceIndex?: { enabled?: boolean; include?: unknown; exclude?: unknown; maxMegabytes?: number };
  trail?: { queueLifetimeHours?: Record<string, unknown> };
}

/** The workspace index and trail settings (window scope: one index per server). */
export function toIndexSettings(raw: RawSettings | null | undefined): IndexSettings {
  const d = DEFAULT_INDEX_SETTINGS;
  const globs = (v: unknown, def: string[]): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length < 500) : def);
  const mb = raw?.workspaceIndex?.maxMegabytes;
  const life = raw?.trail?.queueLifetimeHours ?? {};
  const hours = (k: keyof TrailAssumptions): number => { const v = life[k]; return typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 24 * 365 ? v : DEFAULT_ASSUMPTIONS[k]; };
  return {
    enabled: raw?.workspaceIndex?.enabled !== false,
    include: globs(raw?.workspaceIndex?.include, d.include),
    exclude: globs(raw?.workspaceIndex?.exclude, d.exclude),
    maxBytes: typeof mb === 'number' && Number.isFinite(mb) && mb >= 0 ? Math.min(mb, 1 << 20) * 1048576 : d.maxBytes,
    assumptions: { postfix: hours('postfix'), exim: hours('exim'), sendmail: hours('sendmail'), exchange: hours('exchange'), other: hours('other') },
  };
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
