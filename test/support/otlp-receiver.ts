import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { LoopbackServer } from '../../libs/calling-webhook/src/testing/loopback-server.js';

/** An attribute value as OTLP/JSON carries it, flattened to a plain value. */
export type AttributeValue = string | number | boolean | AttributeValue[];

/** One received span. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** OTLP's numbering: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly scope: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: ReadonlyArray<{
    name: string;
    attributes: Record<string, AttributeValue>;
  }>;
  /** 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
}

/** The latest value of one metric series (a metric and one set of attributes). */
export interface ReceivedPoint {
  readonly metric: string;
  readonly scope: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** A sum's or gauge's value; a histogram's count. */
  readonly value: number;
}

// OTLP/JSON may spell a span kind by name.
const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
};

/**
 * An OpenTelemetry collector's OTLP/HTTP receiver in miniature, on 127.0.0.1: `POST /v1/traces`
 * and `/v1/metrics` in the JSON encoding (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`); a protobuf
 * body is refused with 415, so a misconfigured exporter shows instead of sending nothing.
 * Metrics are kept as their latest cumulative value per series, and every value as it came.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Every body received, as text. */
  readonly bodies: string[] = [];
  private readonly points = new Map<string, ReceivedPoint>();
  private readonly received: ReceivedPoint[] = [];

  private constructor(private readonly loopback: LoopbackServer) {}

  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | undefined;
    const server = createServer((req, res) => void receiver?.receive(req, res));
    receiver = new OtlpReceiver(new LoopbackServer(server));
    await receiver.loopback.listen();
    return receiver;
  }

  /** The value of `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.loopback.port}`;
  }

  /** The latest point of every metric series received. */
  get metrics(): ReceivedPoint[] {
    return [...this.points.values()];
  }

  /** The value of `metric` for the series whose attributes include `attributes`, summed. */
  metricValue(
    metric: string,
    attributes: Record<string, AttributeValue> = {},
  ): number {
    return this.metrics
      .filter(
        (point) =>
          point.metric === metric &&
          Object.entries(attributes).every(
            ([key, value]) => point.attributes[key] === value,
          ),
      )
      .reduce((sum, point) => sum + point.value, 0);
  }

  /** Every value received of the series of `metric` whose attributes include `attributes`, oldest first. */
  metricHistory(
    metric: string,
    attributes: Record<string, AttributeValue> = {},
  ): number[] {
    return this.received
      .filter(
        (point) =>
          point.metric === metric &&
          Object.entries(attributes).every(
            ([key, value]) => point.attributes[key] === value,
          ),
      )
      .map((point) => point.value);
  }

  close(): Promise<void> {
    return this.loopback.close();
  }

  private async receive(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!/json/i.test(req.headers['content-type'] ?? '')) {
      res
        .writeHead(415, { 'content-type': 'text/plain' })
        .end('only OTLP/JSON here');
      return;
    }
    this.bodies.push(text);
    const body = JSON.parse(text) as OtlpBody;
    if (req.url === '/v1/traces') this.addSpans(body);
    else if (req.url === '/v1/metrics') this.addMetrics(body);
    else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }

  private addSpans(body: OtlpBody): void {
    for (const resource of body.resourceSpans ?? [])
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? [])
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind:
              typeof span.kind === 'number'
                ? span.kind
                : (SPAN_KINDS[span.kind] ?? 0),
            scope: scope.scope?.name ?? '',
            attributes: attributesOf(span.attributes),
            events: (span.events ?? []).map((event) => ({
              name: event.name,
              attributes: attributesOf(event.attributes),
            })),
            statusCode: span.status?.code ?? 0,
          });
  }

  private addMetrics(body: OtlpBody): void {
    for (const resource of body.resourceMetrics ?? [])
      for (const scope of resource.scopeMetrics ?? [])
        for (const metric of scope.metrics ?? []) {
          const points =
            metric.sum?.dataPoints ??
            metric.gauge?.dataPoints ??
            metric.histogram?.dataPoints ??
            [];
          for (const point of points) {
            const attributes = attributesOf(point.attributes);
            const value = Number(
              point.count ?? point.asInt ?? point.asDouble ?? 0,
            );
            const key = `${metric.name} ${JSON.stringify(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)))}`;
            const received: ReceivedPoint = {
              metric: metric.name,
              scope: scope.scope?.name ?? '',
              attributes,
              value,
            };
            this.points.set(key, received);
            this.received.push(received);
          }
        }
  }
}

interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpBody {
  resourceSpans?: Array<{
    scopeSpans?: Array<{
      scope?: { name?: string };
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number | string;
        attributes?: OtlpAttribute[];
        events?: Array<{ name: string; attributes?: OtlpAttribute[] }>;
        status?: { code?: number };
      }>;
    }>;
  }>;
  resourceMetrics?: Array<{
    scopeMetrics?: Array<{
      scope?: { name?: string };
      metrics?: Array<{
        name: string;
        sum?: { dataPoints?: OtlpPoint[] };
        gauge?: { dataPoints?: OtlpPoint[] };
        histogram?: { dataPoints?: OtlpPoint[] };
      }>;
    }>;
  }>;
}
interface OtlpPoint {
  attributes?: OtlpAttribute[];
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
}

function attributesOf(
  list: OtlpAttribute[] | undefined,
): Record<string, AttributeValue> {
  return Object.fromEntries(
    (list ?? []).map(({ key, value }) => [key, valueOf(value)]),
  );
}

function valueOf(value: OtlpValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return (value.arrayValue?.values ?? []).map(valueOf);
}
