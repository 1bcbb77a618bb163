import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import type { GraphNotification } from '../protocol/graph-notification.interface.js';
import { byCallerRegion } from './by-caller-region.resolver.js';
import { byTenant } from './by-tenant.resolver.js';
import type { RegionResolutionInput } from './region-resolver.interface.js';

const GRAPH = join(import.meta.dirname, '../../../../../shared/fixtures/graph');

function input(
  tenantId: string,
  notifications: readonly GraphNotification[] = [],
): RegionResolutionInput {
  const principal = { tenantId } as CallingPrincipal;
  return { notifications, headers: {}, principal };
}

function fixture(name: string): GraphNotification[] {
  return (
    JSON.parse(readFileSync(join(GRAPH, name), 'utf8')) as {
      value: GraphNotification[];
    }
  ).value;
}

describe('byTenant', () => {
  const resolve = byTenant({ 'AAAA-1': 'emea', 'bbbb-2': 'amer' });

  it('maps a tenant to its region, ignoring case', () => {
    expect(resolve(input('aaaa-1'))).toBe('emea');
    expect(resolve(input('BBBB-2'))).toBe('amer');
  });

  it('has no opinion on an unlisted tenant, even one named like an Object property', () => {
    expect(resolve(input('cccc-3'))).toBeUndefined();
    expect(resolve(input('constructor'))).toBeUndefined();
    expect(resolve(input('__proto__'))).toBeUndefined();
  });
});

describe('byCallerRegion', () => {
  const resolve = byCallerRegion({ westus: 'amer', AMER: 'us' });

  it("maps the incoming call's source.region", () => {
    expect(
      resolve(
        input(
          't',
          fixture('v1.0__call-answer__01__notification-incoming.json'),
        ),
      ),
    ).toBe('amer');
    expect(
      resolve(
        input(
          't',
          fixture('v1.0__call-redirect__03__notification-incoming.json'),
        ),
      ),
    ).toBe('us');
  });

  it('has no opinion without a caller region (updates, rosters, nothing)', () => {
    expect(
      resolve(
        input(
          't',
          fixture('v1.0__call-answer__03__notification-established.json'),
        ),
      ),
    ).toBeUndefined();
    expect(
      resolve(
        input(
          't',
          fixture('v1.0__application-post-calls__05__notification-roster.json'),
        ),
      ),
    ).toBeUndefined();
    expect(resolve(input('t', []))).toBeUndefined();
  });
});
