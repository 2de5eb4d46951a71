/**
 * agentmemory TypeScript client.
 *
 * Everything under ./gen is generated from protos/agentmemory/v1 by ts-proto
 * (outputServices=grpc-js) and re-exported here: the message types with their
 * encode/decode/create/fromPartial helpers, the enums, and the typed
 * @grpc/grpc-js clients MemoryServiceClient and DecisionLogServiceClient.
 *
 * This file adds only a few conveniences on top of them: connect() (both
 * clients over one channel), unary() and clientStream() (promises instead of
 * callbacks) and callOptions() (a deadline from a timeout). Server streams
 * need no helper: the generated methods return a ClientReadableStream, which
 * is an async iterable (`for await (const event of stream)`), and
 * `stream.cancel()` ends it.
 */
import {
  type CallOptions,
  type ChannelCredentials,
  type Client,
  type ClientOptions,
  type ClientUnaryCall,
  type ClientWritableStream,
  credentials,
  Metadata,
  type ServiceError,
} from "@grpc/grpc-js";

import { DecisionLogServiceClient } from "./gen/agentmemory/v1/decision_log";
import { MemoryServiceClient } from "./gen/agentmemory/v1/memory";

export * from "./gen/agentmemory/v1/decision_log";
export * from "./gen/agentmemory/v1/memory";
export {
  type CallOptions,
  type ChannelCredentials,
  type ClientOptions,
  type ClientReadableStream,
  type ClientWritableStream,
  credentials,
  Metadata,
  type ServiceError,
  status,
} from "@grpc/grpc-js";

/** The server's default address, used when AGENTMEMORY_ADDRESS is unset. */
export const DEFAULT_ADDRESS = "127.0.0.1:50051";

/** Per-call settings for unary() and clientStream(). */
export interface CallSettings {
  /** The call's deadline, in milliseconds from now. Unset means none. */
  timeoutMs?: number;
  /** Request metadata (headers). */
  metadata?: Metadata;
}

/** The grpc-js call options for a call with these settings. */
export function callOptions(settings: CallSettings = {}): Partial<CallOptions> {
  return settings.timeoutMs === undefined ? {} : { deadline: new Date(Date.now() + settings.timeoutMs) };
}

/** Both service clients, sharing one channel. */
export interface AgentMemoryClients {
  memory: MemoryServiceClient;
  decisions: DecisionLogServiceClient;
  /** Closes the shared channel (ends both clients). */
  close(): void;
}

/**
 * Opens one channel to an agentmemory server and returns both typed clients
 * on it. The address defaults to AGENTMEMORY_ADDRESS, then 127.0.0.1:50051;
 * the credentials default to plaintext.
 */
export function connect(
  address: string = process.env.AGENTMEMORY_ADDRESS || DEFAULT_ADDRESS,
  channelCredentials: ChannelCredentials = credentials.createInsecure(),
  options: ClientOptions = {},
): AgentMemoryClients {
  const memory = new MemoryServiceClient(address, channelCredentials, options);
  const decisions = new DecisionLogServiceClient(address, channelCredentials, {
    ...options,
    channelOverride: memory.getChannel(),
  });
  return { memory, decisions, close: () => memory.close() };
}

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/** The shape of a generated unary method (its fullest overload). */
type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<Res>,
) => ClientUnaryCall;

/** The shape of a generated client-streaming method (its fullest overload). */
type ClientStreamMethod<Req, Res> = (
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<Res>,
) => ClientWritableStream<Req>;

/** The names of a client's unary methods. */
export type UnaryMethodName<C> = {
  [K in keyof C]: C[K] extends UnaryMethod<any, any> ? K : never;
}[keyof C];
/** The names of a client's client-streaming methods. */
export type ClientStreamMethodName<C> = {
  [K in keyof C]: C[K] extends ClientStreamMethod<any, any> ? K : never;
}[keyof C];

type UnaryRequest<F> = F extends UnaryMethod<infer Req, any> ? Req : never;
type UnaryResponse<F> = F extends UnaryMethod<any, infer Res> ? Res : never;
type StreamRequest<F> = F extends ClientStreamMethod<infer Req, any> ? Req : never;
type StreamResponse<F> = F extends ClientStreamMethod<any, infer Res> ? Res : never;

/**
 * Calls a unary method and returns a promise of its response; a failed call
 * rejects with the grpc-js ServiceError (its `code` is a `status` value).
 *
 *   const { decision } = await unary(clients.decisions, "getDecision",
 *     GetDecisionRequest.create({ agentId, decisionId }), { timeoutMs: 10_000 });
 */
export function unary<C extends Client, K extends UnaryMethodName<C>>(
  client: C,
  method: K,
  request: UnaryRequest<C[K]>,
  settings: CallSettings = {},
): Promise<UnaryResponse<C[K]>> {
  const fn = client[method] as unknown as UnaryMethod<UnaryRequest<C[K]>, UnaryResponse<C[K]>>;
  return new Promise((resolve, reject) => {
    fn.call(client, request, settings.metadata ?? new Metadata(), callOptions(settings), (error, response) => {
      if (error) reject(error);
      else resolve(response);
    });
  });
}

/**
 * Calls a client-streaming method: writes every request (from an array, any
 * iterable or an async iterable), half-closes, and returns a promise of the
 * single response.
 *
 *   const { decisionIds } = await clientStream(clients.decisions, "logDecisions",
 *     requests.map((decision) => LogDecisionsRequest.create({ decision })));
 */
export function clientStream<C extends Client, K extends ClientStreamMethodName<C>>(
  client: C,
  method: K,
  requests: Iterable<StreamRequest<C[K]>> | AsyncIterable<StreamRequest<C[K]>>,
  settings: CallSettings = {},
): Promise<StreamResponse<C[K]>> {
  const fn = client[method] as unknown as ClientStreamMethod<StreamRequest<C[K]>, StreamResponse<C[K]>>;
  return new Promise((resolve, reject) => {
    const call = fn.call(client, settings.metadata ?? new Metadata(), callOptions(settings), (error, response) => {
      if (error) reject(error);
      else resolve(response);
    });
    (async () => {
      for await (const request of requests) {
        if (!call.write(request)) {
          await new Promise<void>((drained) => call.once("drain", drained));
        }
      }
      call.end();
    })().catch((error: unknown) => {
      call.cancel();
      reject(error);
    });
  });
}
