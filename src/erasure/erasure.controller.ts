import { Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { IdParam } from '../common/id-param';
import { ErasureService } from './erasure.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('api/members')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  /** The right to erasure: the person's data goes, their answers stay in the counts without them. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Erased: name, email, skills, company, feed, sessions, sign-in asks, API tokens, reply addresses, mails waiting ' +
      'for them and mail from them are gone; their registrations still count, as "Membre effacé". Their links answer 404.',
  })
  @ApiNotFoundResponse({ description: 'No such member (or already erased).' })
  async erase(@IdParam() id: string): Promise<void> {
    await this.erasure.erase(id);
  }
}
