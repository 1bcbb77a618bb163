import {
  InvalidNotificationEnvelopeError,
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
