import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as packet from 'dns-packet';

/**
 * A real DNS server on a loopback UDP port, answering A queries from a table (TTL 0, so nothing is
 * cached): how tests make a name resolve to a private address, or to a different one each time.
 */
export class FakeDns {
  /** Name → the addresses of the next A answer (called once per query). */
  readonly names = new Map<string, () => string[]>();
  private readonly socket = dgram.createSocket('udp4');

  async start(): Promise<string> {
    // A reply that cannot be sent is a lost UDP packet (the resolver retries), not a crash.
    this.socket.on('error', () => undefined);
    this.socket.on('message', (message, from) => {
      const query = packet.decode(message);
      const question = query.questions?.[0];
      const known = question ? this.names.get(question.name.toLowerCase()) : undefined;
      // Only A queries consume an answer: AAAA gets an empty one (the name exists, IPv4 only).
      const answers =
        question?.type === 'A' && known
          ? known().map((data) => ({ type: 'A' as const, name: question.name, ttl: 0, data }))
          : [];
      const response = packet.encode({
        id: query.id,
        type: 'response',
        flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (known ? 0 : 3), // 3 = NXDOMAIN
        questions: query.questions,
        answers,
      });
      this.socket.send(response, from.port, from.address);
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.socket.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
