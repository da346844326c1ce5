import { Controller, Get, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { TemplatesService } from '../templates/templates.service';

/** The stylesheet and the few files pages load; their links carry a version, so browsers keep them long. */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  constructor(private readonly templates: TemplatesService) {}

  @Get(':file')
  serve(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const asset = this.templates.assets.files.get(file);
    if (!asset) throw new NotFoundException('No such file');
    reply.header('ETag', asset.etag).header('Cache-Control', 'public, max-age=31536000, immutable');
    if (ifNoneMatch === asset.etag) return reply.status(304).send();
    return reply.type(asset.type).send(asset.body);
  }
}
