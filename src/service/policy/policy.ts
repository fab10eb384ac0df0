import type { Limits } from './limits.js';

/** Who is calling: an API key, or the single user of a keyless install. */
export interface Tenant {
  id: string;
  name: string;
  ratePerMinute: number;
  quotaPerDay: number;
}

/**
 * What is being asked: any request at all, or edits about to be taken in (checked before any image
 * work; rules about an image's content will need a check after intake).
 */
export type PolicyCheck =
  | { kind: 'request'; tenant: Tenant; method: string; path: string }
  | { kind: 'edit'; tenant: Tenant; instructions: string[] };

/** A rule refuses by throwing a ScalpelError; it may also record (charge quota, write audit). */
export type PolicyRule = (check: PolicyCheck) => void | Promise<void>;

/**
 * The one place every request and every edit passes before any work: rate limits and quotas now;
 * content safety and audit plug in here as further rules.
 */
export class Policy {
  constructor(private readonly rules: PolicyRule[]) {}

  async check(c: PolicyCheck): Promise<void> {
    for (const rule of this.rules) await rule(c);
  }
}

export function defaultRules(limits: Limits): PolicyRule[] {
  return [
    (c) => {
      if (c.kind === 'request') limits.take(c.tenant.id, c.tenant.ratePerMinute);
    },
    async (c) => {
      if (c.kind === 'edit') await limits.charge(c.tenant.id, c.tenant.quotaPerDay, c.instructions.length);
    },
  ];
}
