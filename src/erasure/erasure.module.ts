import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { SigninModule } from '../signin/signin.module';
import { ErasePageController, ErasedPageController } from './erase-page.controller';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';

/** The right to erasure (API, organisers' app, the member's own space); it sits above the modules it erases from. */
@Module({
  imports: [MembersModule, SigninModule],
  controllers: [ErasureController, ErasePageController, ErasedPageController],
  providers: [ErasureService],
  exports: [ErasureService],
})
export class ErasureModule {}
