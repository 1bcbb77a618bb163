import { setImmediate as nextTurn } from 'node:timers/promises';
import { BufferedConsoleLogger } from './buffered-console.logger.js';

describe('BufferedConsoleLogger', () => {
  let stdout: ReturnType<typeof vi.spyOn>;
  let stderr: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    BufferedConsoleLogger.flush();
    BufferedConsoleLogger.setBuffering(true);
    vi.restoreAllMocks();
  });

  it('writes the lines of one turn of the event loop in one write, in order', async () => {
    const logger = new BufferedConsoleLogger({ colors: false });
    logger.log('first', 'SampleBot');
    logger.log('second', { callId: 'c1' }, 'SampleBot');
    expect(stdout).not.toHaveBeenCalled();
    await nextTurn();
    expect(stdout).toHaveBeenCalledTimes(1);
    const text = String(stdout.mock.calls[0][0]);
    expect(text.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/LOG \[SampleBot\] first$/),
      expect.stringMatching(/LOG \[SampleBot\] second \{ callId: 'c1' \}$/),
    ]);
  });

  it('writes an error at once, as one line without its stack', () => {
    const logger = new BufferedConsoleLogger({ colors: false });
    logger.log('before', 'SampleBot');
    logger.error(new Error('it broke'), 'SampleBot');
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(
      /ERROR \[SampleBot\] Error: it broke\n$/,
    );
    expect(String(stdout.mock.calls[0][0])).toMatch(/before/);
  });

  it('keeps Nest JSON lines, with fields at the top level', async () => {
    const logger = new BufferedConsoleLogger({
      json: true,
      flattenParams: true,
    });
    logger.log('answered', { callId: 'c1' }, 'SampleBot');
    await nextTurn();
    expect(JSON.parse(String(stdout.mock.calls[0][0]))).toMatchObject({
      level: 'log',
      context: 'SampleBot',
      message: 'answered',
      callId: 'c1',
    });
  });

  it('writes at once once buffering is off (shutdown: the process may end before the next turn)', () => {
    const logger = new BufferedConsoleLogger({ colors: false });
    logger.log('pending', 'SampleBot');
    BufferedConsoleLogger.setBuffering(false);
    expect(String(stdout.mock.calls[0][0])).toMatch(/pending/);
    logger.log('handed over 3 calls', 'SampleBot');
    expect(stdout).toHaveBeenCalledTimes(2);
    expect(String(stdout.mock.calls[1][0])).toMatch(/handed over 3 calls/);
  });
});
