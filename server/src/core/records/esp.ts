/** The ESP vocabularies of a failure on a record (bounce.ses_type ... bounce.kumomta). */
import type { EspClassification } from '../knowledge/esp';

type EspKeys = { 'bounce.ses_type'?: string; 'bounce.ses_subtype'?: string; 'bounce.sendgrid'?: string; 'bounce.postmark'?: string; 'bounce.kumomta'?: string };

export function setEsp(r: EspKeys, c: EspClassification | undefined): void {
  if (!c) return;
  r['bounce.ses_type'] = c.ses.bounceType;
  r['bounce.ses_subtype'] = c.ses.bounceSubType;
  r['bounce.sendgrid'] = c.sendgrid;
  r['bounce.postmark'] = c.postmark;
  r['bounce.kumomta'] = c.kumomta;
}
