import { validateSync } from 'class-validator';
import fc from 'fast-check';
import {
  dtoOf,
  InvalidNotificationEnvelopeError,
  isWellFormedNotification,
  validateEnvelope,
} from './validate-envelope.js';

function reasonFor(body: unknown): string {
  try {
    validateEnvelope(body);
  } catch (error) {
    if (error instanceof InvalidNotificationEnvelopeError) return error.reason;
    throw error;
  }
  throw new Error('the envelope was accepted');
}

describe('validateEnvelope', () => {
  it('returns the notifications as they came, with either URL field and any resourceData', () => {
    const items = [
      { changeType: 'updated', resourceUrl: '/communications/calls/1' },
      { changeType: 'Updated', resource: '/app/calls/1', resourceData: [] },
      {
        changeType: 'deleted',
        resourceUrl: 'communications/calls/1',
        resource: '/app/calls/1',
        resourceData: null,
      },
    ];
    expect(validateEnvelope({ value: items })).toBe(items);
    expect(validateEnvelope({ value: [] })).toEqual([]);
  });

  it.each([
    [[1, 2], 'the body must be a JSON object'],
    [{}, 'value must be an array'],
    [{ value: {} }, 'value must be an array'],
    [{ value: ['x'] }, 'value: each notification in value must be an object'],
    [
      { value: [{ resourceUrl: '/communications/calls/1' }] },
      'value[0]: changeType must be a string',
    ],
    [
      { value: [{ changeType: 'updated' }] },
      'value[0]: resourceUrl (or the older resource) must be a string',
    ],
    [
      { value: [{ changeType: 'updated', resource: 5 }] },
      'value[0]: resource must be a string',
    ],
    [
      {
        value: [
          { changeType: 'updated', resourceUrl: '/c', resourceData: 'x' },
        ],
      },
      'value[0]: resourceData must be an object or an array',
    ],
  ])('refuses %j: %s', (body, reason) => {
    expect(reasonFor(body)).toContain(reason);
  });

  it('names at most three problems', () => {
    const reason = reasonFor({ value: [{}, {}, {}, {}] });
    expect(reason.split('; ')).toHaveLength(3);
  });
});

describe('isWellFormedNotification (the fast path)', () => {
  // Values that sit on every rule's edge: empty and non-empty strings, null, objects, arrays.
  const field = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constantFrom('', 'updated', '/communications/calls/1'),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
  );
  const item = fc.record(
    {
      changeType: field,
      resourceUrl: field,
      resource: field,
      resourceData: field,
    },
    { requiredKeys: [] },
  );

  it('gives the same verdict as the class-validator DTO on arbitrary items', () => {
    fc.assert(
      fc.property(item, (candidate) => {
        const byValidator = (() => {
          try {
            validateEnvelope({ value: [candidate] });
            return true;
          } catch (error) {
            if (error instanceof InvalidNotificationEnvelopeError) return false;
            throw error;
          }
        })();
        // The slow path alone: the DTO rules, without the fast path in front of them.
        const bySchema =
          validateSync(dtoOf(candidate), { forbidUnknownValues: false })
            .length === 0;
        expect(isWellFormedNotification(candidate)).toBe(bySchema);
        expect(byValidator).toBe(bySchema);
      }),
      { numRuns: 3000 },
    );
  });
});
