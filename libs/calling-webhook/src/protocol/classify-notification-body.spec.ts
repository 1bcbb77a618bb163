import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyNotificationBody } from './classify-notification-body.js';

const FIXTURES = join(import.meta.dirname, '../../../../../shared/fixtures');

function jsonFixtures(folder: string): [string, unknown][] {
  return readdirSync(join(FIXTURES, folder))
    .filter((name) => name.endsWith('.json'))
    .map((name) => [
      name,
      JSON.parse(readFileSync(join(FIXTURES, folder, name), 'utf8')) as unknown,
    ]);
}

describe('classifyNotificationBody', () => {
  const legacy = jsonFixtures('legacy');
  const graph = [...jsonFixtures('graph'), ...jsonFixtures('seed-doc')];

  it('reads every fixture folder', () => {
    expect(legacy.length).toBe(8);
    expect(graph.length).toBe(55);
  });

  it.each(legacy)('legacy fixture %s is legacy, with its id', (_name, body) => {
    const kind = classifyNotificationBody(body);
    expect(kind.kind).toBe('legacy');
    expect(kind).toEqual({
      kind: 'legacy',
      legacyCallId: (body as { id: string }).id,
    });
  });

  it.each(graph)(
    'Graph fixture %s is graph, every item parsed',
    (_name, body) => {
      const kind = classifyNotificationBody(body);
      const items = (body as { value: unknown[] }).value;
      expect(kind.kind).toBe('graph');
      if (kind.kind !== 'graph') return;
      expect(kind.notifications.map((n) => n.item)).toEqual(items);
      for (const notification of kind.notifications) {
        expect(notification.callId).toMatch(/^\S+$/);
        expect(notification.changeType).toBe(
          notification.changeType.toLowerCase(),
        );
        expect(notification.resourceUrl.startsWith('/')).toBe(true);
      }
    },
  );

  it('cannot be given the verbatim seed-doc text: it is not JSON at all', () => {
    const text = readFileSync(
      join(
        FIXTURES,
        'seed-doc',
        'msteams-docs_call-notifications__older-shape.verbatim-invalid.txt',
      ),
      'utf8',
    );
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('counts the notifications before looking at any: too many is its own verdict', () => {
    const value = Array.from({ length: 11 }, () => 'not even an object');
    expect(classifyNotificationBody({ value }, 10)).toEqual({
      kind: 'tooMany',
      count: 11,
    });
    expect(classifyNotificationBody({ value }, 11).kind).toBe('invalid');
  });

  it('keeps an empty value array as Graph with no notifications', () => {
    expect(classifyNotificationBody({ value: [] })).toEqual({
      kind: 'graph',
      notifications: [],
    });
  });

  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['an array', []],
    ['a non-array value', { value: 5 }],
    ['a JSON string', 'value'],
    ['null', null],
    ['a number', 42],
    ['zero', 0],
    ['a boolean', true],
    ['undefined', undefined],
    ['an item that is not an object', { value: [1] }],
    ['an item without changeType', { value: [{ resourceUrl: '/x' }] }],
    ['an item without a resource', { value: [{ changeType: 'created' }] }],
    // Accepted by the old classifier, refused later by the events: one rule set now.
    [
      'an empty changeType',
      { value: [{ changeType: '', resourceUrl: '/communications/calls/1' }] },
    ],
    [
      'a numeric resourceUrl beside a string resource',
      {
        value: [
          { changeType: 'updated', resourceUrl: 5, resource: '/app/calls/1' },
        ],
      },
    ],
    [
      'string resourceData',
      {
        value: [
          {
            changeType: 'updated',
            resourceUrl: '/communications/calls/1',
            resourceData: 'x',
          },
        ],
      },
    ],
    [
      'a resource naming no call',
      {
        value: [
          {
            changeType: 'updated',
            resourceUrl: '/communications/onlineMeetings/1',
          },
        ],
      },
    ],
  ])('%s is invalid, with a reason', (_label, body) => {
    const kind = classifyNotificationBody(body);
    expect(kind.kind).toBe('invalid');
    if (kind.kind === 'invalid') expect(kind.reason.length).toBeGreaterThan(0);
  });

  it('names the bad item in the reason', () => {
    expect(
      classifyNotificationBody({
        value: [{ changeType: 'updated', resource: '/app/calls/1' }, {}],
      }),
    ).toEqual({
      kind: 'invalid',
      reason: 'value[1]: changeType must be a non-empty string',
    });
  });

  it('does not take inherited properties for legacy fields', () => {
    const body = Object.create({ callState: 'incoming' }) as object;
    expect(classifyNotificationBody(body).kind).toBe('invalid');
  });

  it('leaves out a legacy id that is not safe to log', () => {
    expect(
      classifyNotificationBody({ callState: 'incoming', id: 'a\nforged line' }),
    ).toEqual({ kind: 'legacy' });
  });

  describe('nesting', () => {
    // An item at `levels` levels: the item is level 1, resourceData level 2, then objects.
    function itemNested(levels: number): Record<string, unknown> {
      let data: Record<string, unknown> = {};
      for (let level = 3; level <= levels; level++) data = { a: data };
      return {
        changeType: 'updated',
        resourceUrl:
          '/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896',
        resourceData: data,
      };
    }

    it('keeps an item of 64 levels, refuses one of 65 with a short reason', () => {
      expect(classifyNotificationBody({ value: [itemNested(64)] }).kind).toBe(
        'graph',
      );
      expect(classifyNotificationBody({ value: [itemNested(65)] })).toEqual({
        kind: 'invalid',
        reason: 'value[0] is nested deeper than 64 levels',
      });
    });

    it('refuses 100,000 levels without overflowing the stack, arrays counted as levels', () => {
      const deep = JSON.parse(
        `{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/1","resourceData":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`,
      ) as unknown;
      expect(classifyNotificationBody(deep).kind).toBe('invalid');
    });

    it('keeps every published fixture, however wide', () => {
      for (const [name, body] of graph) {
        expect([name, classifyNotificationBody(body).kind]).toEqual([
          name,
          'graph',
        ]);
      }
    });
  });
});
