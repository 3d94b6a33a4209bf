import net from "node:net";

const READ_BUFFER_BYTES = 64 * 1024;
const taps = new WeakMap<net.Socket, ReadTap>();

/**
 * A plain TCP socket for a pg.Client that reads into one buffer of its own, instead of a fresh 64 KiB buffer per
 * read. A COPY that relays a table reads its whole size through the socket; fresh buffers count as V8 external
 * memory, and every ~64 MiB of it sets off a garbage collection of the worker's whole heap, which cost the worker
 * more CPU than the relay itself.
 *
 * pg's own parser keeps what it is given, so it gets a copy of each read, as if the socket had emitted it. A
 * consumer that `take`s the tap gets the bytes in place instead: valid only until it returns, unless it pauses
 * the socket, which stops the next read from overwriting them.
 */
export class ReadTap {
  readonly socket: net.Socket;
  private consumer: ((bytes: Buffer) => void) | null = null;

  constructor() {
    // Node takes `onread` in the constructor too (as net.connect passes it on); @types/node lists it for connect only.
    const options: net.SocketConstructorOpts & { onread: net.OnReadOpts } = {
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        callback: (n, buffer) => {
          const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, n);
          if (this.consumer) this.consumer(bytes);
          else this.socket.emit("data", Buffer.from(bytes));
          return true;
        },
      },
    };
    this.socket = new net.Socket(options);
    taps.set(this.socket, this);
  }

  take(consumer: (bytes: Buffer) => void): void {
    this.consumer = consumer;
  }

  /** Bytes go to pg's parser again, from the next read on. */
  release(): void {
    this.consumer = null;
  }
}

/** The tap a socket was made with, if any (not for TLS: pg then reads from a TLS socket wrapped around it). */
export const readTapOf = (socket: net.Socket): ReadTap | undefined => taps.get(socket);
