import { CanActivate, ExecutionContext, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BlockList, isIPv4 } from 'node:net';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';

const FORWARDED_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

/**
 * For pages that hold members' secrets and are meant for a browser on this machine only (the local mailbox): anything
 * that came through a proxy (forwarded headers, or the peer is one of TRUST_PROXY) or from another address gets the
 * 404 of a page that does not exist.
 */
@Injectable()
export class ThisMachineOnlyGuard implements CanActivate {
  private readonly loopback = new BlockList();
  private readonly proxies = new BlockList();

  constructor(@Inject(SETTINGS) settings: Settings) {
    this.loopback.addSubnet('127.0.0.0', 8, 'ipv4');
    this.loopback.addAddress('::1', 'ipv6');
    for (const entry of settings.trustProxy) {
      const [address, prefix] = entry.split('/');
      const type = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.proxies.addAddress(address, type);
      else this.proxies.addSubnet(address, Number(prefix), type);
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const peer = withoutIPv4Mapping(request.socket.remoteAddress ?? '');
    const local =
      !FORWARDED_HEADERS.some((header) => header in request.headers) &&
      this.has(this.loopback, peer) &&
      !this.has(this.proxies, peer);
    if (!local) throw new NotFoundException();
    return true;
  }

  private has(list: BlockList, address: string): boolean {
    return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }
}

/** "::ffff:127.0.0.1", how a dual-stack socket names an IPv4 peer, as "127.0.0.1". */
function withoutIPv4Mapping(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}
