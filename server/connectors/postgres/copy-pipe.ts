import type { Socket } from "node:net";
import type pg from "pg";
import { readTapOf, type ReadTap } from "./read-tap";

// PostgreSQL frames COPY data the same way in both directions: 'd', a 4-byte length, the payload. So the bytes
// of `COPY … TO STDOUT` on one socket can be written as they are to another socket in `COPY … FROM STDIN`,
// without parsing a message or copying a byte: only the headers are read, to count messages and to find
// where the data ends. That is what pg_dump | psql cannot do and what makes the worker's share of a copy small.
const COPY_DATA = 0x64;
const COPY_DONE = 0x63;
const ERROR_RESPONSE = 0x45;
const HEADER = 5;
const COPY_DONE_MESSAGE = Buffer.from([COPY_DONE, 0, 0, 0, 4]);

type Connection = {
  stream: Socket;
  query(text: string): void;
  sendCopyFail(message: string): void;
};

export type PipeProgress = { rowsDone: number; bytesDone: number };

const copiedRows = (msg: { text?: string } | undefined) => {
  const m = /COPY (\d+)/.exec(msg?.text ?? "");
  return m ? Number(m[1]) : null;
};

/** The target side: `COPY … FROM STDIN` that takes already-framed CopyData bytes. A pg Submittable. */
class FramedCopyIn {
  private connection: Connection | null = null;
  rows: number | null = null;
  readonly ready: Promise<void>;
  readonly done: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (err: Error) => void;
  private resolveDone!: () => void;
  private rejectDone!: (err: Error) => void;
  failed: Error | null = null;

  constructor(private readonly text: string) {
    this.ready = new Promise((res, rej) => ((this.resolveReady = res), (this.rejectReady = rej)));
    this.done = new Promise((res, rej) => ((this.resolveDone = res), (this.rejectDone = rej)));
    // Either may be left unawaited when the other side fails first.
    this.ready.catch(() => undefined);
    this.done.catch(() => undefined);
  }

  get socket() {
    return this.connection!.stream;
  }

  submit(connection: Connection) {
    this.connection = connection;
    connection.query(this.text);
  }

  /** pg overwrites this with its timeout handling when query_timeout is set. */
  callback() {}

  handleCopyInResponse() {
    this.resolveReady();
  }

  handleCommandComplete(msg: { text?: string }) {
    this.rows = copiedRows(msg);
  }

  handleReadyForQuery() {
    this.callback();
    this.resolveDone();
  }

  handleError(err: Error) {
    this.callback();
    this.failed = err;
    this.rejectReady(err);
    this.rejectDone(err);
  }

  end() {
    this.connection!.stream.write(COPY_DONE_MESSAGE);
  }

  fail(message: string) {
    if (!this.failed) this.connection?.sendCopyFail(message);
  }
}

/**
 * The source side: `COPY … TO STDOUT` whose CopyData messages are handed on as raw byte ranges of the socket's
 * own buffers. Takes the socket away from pg's parser for the copy (as pg-copy-streams does) and gives the
 * rest back at CopyDone or ErrorResponse, so pg still sees CommandComplete, errors and ReadyForQuery.
 */
class FramedCopyOut {
  private connection: Connection | null = null;
  private tap: ReadTap | undefined;
  private pgDataHandler: ((chunk: Buffer) => void) | null = null;
  private stash: Buffer | null = null;
  private remaining = 0;
  private inData = false;
  private blocked = false;
  private detached = false;
  messages = 0;
  bytes = 0;
  rows: number | null = null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (err: Error) => void;
  private readonly onReadable = () => this.pump();

  constructor(
    private readonly text: string,
    /** Receives framed CopyData bytes; returns false when the receiver wants a pause. */
    private readonly emit: (bytes: Buffer) => boolean,
    private readonly afterChunk: () => void,
  ) {
    this.done = new Promise((res, rej) => ((this.resolveDone = res), (this.rejectDone = rej)));
    this.done.catch(() => undefined);
  }

  submit(connection: Connection) {
    this.connection = connection;
    const stream = connection.stream;
    this.tap = readTapOf(stream);
    if (this.tap) {
      // Bytes arrive in the socket's one read buffer: paused while the target still holds any of them.
      this.tap.take((bytes) => {
        this.parse(bytes);
        this.afterChunk();
        if (this.blocked) stream.pause();
      });
      connection.query(this.text);
      return;
    }
    const listeners = stream.listeners("data") as ((chunk: Buffer) => void)[];
    if (listeners.length !== 1)
      throw new Error("Unexpected pg connection state: not exactly one data listener.");
    this.pgDataHandler = listeners[0]!;
    stream.removeListener("data", this.pgDataHandler);
    stream.pause();
    stream.on("readable", this.onReadable);
    connection.query(this.text);
  }

  callback() {}

  get paused(): boolean {
    return this.blocked;
  }

  /** Called by the receiver once it can take more. */
  resume() {
    this.blocked = false;
    if (this.tap) this.connection?.stream.resume();
    else this.pump();
  }

  private pump() {
    if (this.detached || !this.connection) return;
    let chunk: Buffer | null;
    while (
      !this.blocked &&
      !this.detached &&
      (chunk = this.connection.stream.read() as Buffer | null) !== null
    ) {
      this.parse(chunk);
      this.afterChunk();
    }
  }

  private forward(bytes: Buffer) {
    this.bytes += bytes.length;
    if (!this.emit(bytes)) this.blocked = true;
  }

  private parse(input: Buffer) {
    let buf = input;
    let pos = 0;
    if (this.stash) {
      const stash = this.stash;
      this.stash = null;
      const need = HEADER - stash.length;
      if (stash[0] === COPY_DATA && input.length >= need) {
        // A CopyData header split over two reads: completed and handed on by itself, so the read is parsed in
        // place instead of copied whole behind the stash.
        const header = Buffer.concat([stash, input.subarray(0, need)]);
        this.messages++;
        this.inData = true;
        this.remaining = header.readUInt32BE(1) - 4;
        this.forward(header);
        pos = need;
      } else buf = Buffer.concat([stash, input]);
    }
    let from = this.inData && this.remaining > 0 ? pos : -1;
    while (pos < buf.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, buf.length - pos);
        pos += n;
        this.remaining -= n;
        continue;
      }
      if (buf.length - pos < HEADER) {
        this.stash = Buffer.from(buf.subarray(pos));
        break;
      }
      const code = buf[pos]!;
      // By hand: readUInt32BE's checks cost more than the rest of this loop, which runs once per row.
      const length =
        ((buf[pos + 1]! << 24) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 8) | buf[pos + 4]!) >>> 0;
      if (code === COPY_DATA) {
        if (from < 0) from = pos;
        this.messages++;
        this.inData = true;
        this.remaining = length - 4;
        pos += HEADER;
        continue;
      }
      if (from >= 0) this.forward(buf.subarray(from, pos));
      from = -1;
      this.inData = false;
      if (code === ERROR_RESPONSE) return this.detach(buf.subarray(pos));
      if (code === COPY_DONE) return this.detach(buf.subarray(pos + 1 + length));
      // CopyOutResponse, and the notices or parameter changes that may arrive mid-copy: not data.
      this.remaining = length - 4;
      pos += HEADER;
    }
    const end = this.stash ? buf.length - this.stash.length : buf.length;
    if (from >= 0 && end > from) this.forward(buf.subarray(from, end));
  }

  /**
   * Stops handing bytes on and says how many more the CopyData message in flight needs: the target must get
   * whole messages, even when the copy is abandoned, or it reads the next command as COPY data.
   */
  abandon(): number {
    if (!this.detached && this.connection) {
      this.detached = true;
      if (this.tap) this.tap.release();
      else this.connection.stream.removeListener("readable", this.onReadable);
    }
    return this.inData ? this.remaining : 0;
  }

  private detach(rest: Buffer) {
    this.detached = true;
    const stream = this.connection!.stream;
    if (this.tap) {
      // Still paused if the target holds bytes of the last read: resumed on its drain (resume()).
      this.tap.release();
      if (rest.length) stream.emit("data", Buffer.from(rest));
      return;
    }
    stream.removeListener("readable", this.onReadable);
    stream.on("data", this.pgDataHandler!);
    if (rest.length) this.pgDataHandler!(rest);
    process.nextTick(() => stream.resume());
  }

  handleCommandComplete(msg: { text?: string }) {
    this.rows = copiedRows(msg);
  }

  handleReadyForQuery() {
    this.callback();
    this.resolveDone();
  }

  handleError(err: Error) {
    this.callback();
    this.rejectDone(err);
  }
}

export class PipeCancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "PipeCancelled";
  }
}

/**
 * Runs `outSql` (a COPY … TO STDOUT) on `source` and `inSql` (a COPY … FROM STDIN, same format) on `target`,
 * handing the bytes across as they arrive, with backpressure from the target's socket. Both sides must say
 * the same row count at the end. On any failure the target's COPY is failed (the caller rolls back) and the
 * source connection is left unusable: end it.
 */
export async function pipeCopy(opts: {
  source: pg.Client;
  outSql: string;
  target: pg.Client;
  inSql: string;
  /** Progress after each socket read; `rowsDone` counts messages, which is rows plus a binary header. */
  onProgress: (p: PipeProgress) => void;
  shouldStop: () => boolean;
}): Promise<PipeProgress> {
  const sink = new FramedCopyIn(opts.inSql);
  opts.target.query(sink as never);
  await sink.ready;
  let stop: Error | null = null;
  const sourceSocket = (opts.source as unknown as { connection: { stream: Socket } }).connection.stream;
  // Bytes from a tapped socket live in its read buffer: the next read may only come once the kernel has them all,
  // which a write that returned true but still waits does not announce with 'drain', only with its callback.
  const inPlace = readTapOf(sourceSocket) !== undefined;
  const written = () => {
    if (out.paused && sink.socket.writableLength === 0) out.resume();
  };
  const out: FramedCopyOut = new FramedCopyOut(
    opts.outSql,
    inPlace
      ? (bytes) => (sink.socket.write(bytes, written), sink.socket.writableLength === 0)
      : (bytes) => sink.socket.write(bytes),
    () => {
      opts.onProgress({ rowsDone: out.messages, bytesDone: out.bytes });
      if (!stop && opts.shouldStop()) stop = new PipeCancelled();
      if (!stop && sink.failed) stop = sink.failed;
      if (stop) abort(stop);
    },
  );
  // The source COPY cannot be stopped midway on its own connection: closing it is how it stops.
  const closeSource = () => {
    // Closed on purpose: pg reports that as "terminated unexpectedly", which is expected here.
    opts.source.on("error", () => undefined);
    sourceSocket.destroy();
  };
  let abandoned = false;
  const abandon = (err: Error) => {
    if (abandoned) return;
    abandoned = true;
    const missing = out.abandon();
    if (missing > 0) sink.socket.write(Buffer.alloc(missing));
    sink.fail(err.message);
    closeSource();
  };
  const abort = (err: Error) => {
    abandon(err);
    failOut(err);
  };
  let failOut: (err: Error) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => (failOut = reject));
  aborted.catch(() => undefined);
  const onDrain = () => out.resume();
  sink.socket.on("drain", onDrain);
  try {
    opts.source.query(out as never);
    await Promise.race([out.done, sink.done, aborted]);
    sink.end();
    await sink.done;
  } catch (err) {
    abandon(err as Error);
    await sink.done.catch(() => undefined);
    throw err;
  } finally {
    sink.socket.removeListener("drain", onDrain);
  }
  if (out.rows === null || sink.rows === null || out.rows !== sink.rows)
    throw new Error(
      `The source sent ${out.rows ?? "an unknown number of"} row(s) but the target took ${sink.rows ?? "an unknown number"}; the copy is rolled back.`,
    );
  return { rowsDone: sink.rows, bytesDone: out.bytes };
}
