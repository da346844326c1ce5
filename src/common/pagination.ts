import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';

export const MAX_PAGE_SIZE = 500;

/** Far beyond any list, and still a number both databases take (2^63 and more was a 500 on SQLite). */
export const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/** `?limit=&offset=` on every list; the total goes in the `X-Total-Count` header so the body stays a plain array. */
export class PageQuery {
  @ApiPropertyOptional({ default: 100, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 100;

  @ApiPropertyOptional({ default: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}

export function sendTotal(reply: FastifyReply, total: number): void {
  reply.header('X-Total-Count', String(total));
}
