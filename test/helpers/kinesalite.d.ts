/** kinesalite (a Kinesis emulator, used by the replay tests) ships no types: the part the tests call. */
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  interface Options {
    /** Milliseconds a stream takes to become ACTIVE (and to be deleted, or updated). */
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
  }
  export default function kinesalite(options?: Options): Server;
}
