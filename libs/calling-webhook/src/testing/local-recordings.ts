import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A recording the fake Graph holds for a completed `recordResponse`. */
export interface LocalRecording {
  readonly callId: string;
  /** The `recordingLocation` given to the bot. */
  readonly location: string;
  /** A short silent WAV. */
  readonly bytes: Buffer;
  /** Downloads served (with the right token). */
  downloads: number;
  /** Download attempts refused for a missing or wrong token. */
  refusals: number;
}

const PATH = /^\/recordings\/([0-9a-f-]{36})$/;

/**
 * The recordings of `recordResponse` operations, served at `{origin}/recordings/{id}` to a bearer
 * of their `recordingAccessToken` (`401` otherwise), and discarded when the call ends, as Graph
 * does shortly after.
 */
export class LocalRecordings {
  private readonly byId = new Map<string, LocalRecording & { token: string }>();

  constructor(private readonly origin: () => string) {}

  /** Records something for `callId`: where it is and the token that fetches it. */
  create(callId: string): {
    recordingLocation: string;
    recordingAccessToken: string;
  } {
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const location = `${this.origin()}/recordings/${id}`;
    this.byId.set(id, {
      callId,
      location,
      bytes: silentWav(),
      downloads: 0,
      refusals: 0,
      token,
    });
    return { recordingLocation: location, recordingAccessToken: token };
  }

  /** The recording at `location`, while it is kept. */
  get(location: string): LocalRecording | undefined {
    const id = PATH.exec(new URL(location).pathname)?.[1];
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Forgets the recordings of a call that ended. */
  discard(callId: string): void {
    for (const [id, recording] of this.byId)
      if (recording.callId === callId) this.byId.delete(id);
  }

  /** Serves `GET /recordings/{id}`; `false` when the path is not a recording's. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const id = PATH.exec(path)?.[1];
    if (id === undefined) return false;
    const recording = this.byId.get(id);
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (req.method !== 'GET' || !recording) {
      res.writeHead(404).end();
    } else if (bearer !== recording.token) {
      recording.refusals++;
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    } else {
      recording.downloads++;
      res
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': recording.bytes.length,
        })
        .end(recording.bytes);
    }
    return true;
  }
}

// Half a second of 8 kHz 16-bit mono silence behind a RIFF/WAVE header.
function silentWav(): Buffer {
  const data = 8_000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8_000, 24);
  header.writeUInt32LE(16_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}
