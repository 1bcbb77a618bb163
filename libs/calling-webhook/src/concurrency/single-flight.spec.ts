import { SingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs a key once while its run is going, and every caller gets its result', async () => {
    const flights = new SingleFlight<string, string>();
    const first = deferred<string>();
    const task = vi.fn(() => first.promise);

    const a = flights.run('tenant', task);
    const b = flights.run('tenant', task);
    first.resolve('token');

    expect(await Promise.all([a, b])).toEqual(['token', 'token']);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs different keys side by side', () => {
    const flights = new SingleFlight<string, string>();
    const task = vi.fn(() => new Promise<string>(() => undefined));

    void flights.run('a', task);
    void flights.run('b', task);

    expect(task).toHaveBeenCalledTimes(2);
    expect(flights.inFlight()).toHaveLength(2);
  });

  it('starts a new run after one settled, failed ones too', async () => {
    const flights = new SingleFlight<string, string>();
    await expect(
      flights.run('k', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');

    expect(flights.inFlight()).toHaveLength(0);
    expect(await flights.run('k', () => Promise.resolve('again'))).toBe(
      'again',
    );
  });
});
