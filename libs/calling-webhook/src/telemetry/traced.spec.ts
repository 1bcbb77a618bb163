import diagnosticsChannel from 'node:diagnostics_channel';
import { setTraceScope, traced } from './traced.js';

describe('traced', () => {
  const channel = diagnosticsChannel.tracingChannel<unknown, { n: number }>(
    'nestjs-calling-webhook:test-traced',
  );

  it('runs the work alone when nothing subscribes: no message is even made', async () => {
    const message = vi.fn(() => ({ n: 1 }));
    await expect(traced(channel, message, async () => 'done')).resolves.toBe(
      'done',
    );
    expect(message).not.toHaveBeenCalled();
  });

  it('publishes start and asyncEnd with one message, and runs the work in the installed scope', async () => {
    const seen: string[] = [];
    const start = (m: unknown) => seen.push(`start ${(m as { n: number }).n}`);
    const asyncEnd = (m: unknown) =>
      seen.push(`end ${String((m as { result: unknown }).result)}`);
    channel.start.subscribe(start);
    channel.asyncEnd.subscribe(asyncEnd);
    setTraceScope((message, work) => {
      seen.push(`scope ${(message as { n: number }).n}`);
      return work();
    });
    try {
      await traced(
        channel,
        () => ({ n: 7 }),
        async () => 'done',
      );
    } finally {
      setTraceScope(undefined);
      channel.start.unsubscribe(start);
      channel.asyncEnd.unsubscribe(asyncEnd);
    }
    expect(seen).toEqual(['start 7', 'scope 7', 'end done']);
  });

  it('rejects as the work does, with the error on the message', async () => {
    const errors: unknown[] = [];
    const onError = (m: unknown) =>
      errors.push((m as { error: unknown }).error);
    channel.error.subscribe(onError);
    const failure = new Error('nope');
    try {
      await expect(
        traced(
          channel,
          () => ({ n: 1 }),
          () => Promise.reject(failure),
        ),
      ).rejects.toBe(failure);
    } finally {
      channel.error.unsubscribe(onError);
    }
    expect(errors).toEqual([failure]);
  });
});
