import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReplyAddress } from './reply-address.entity';
import { ReplyAddresses } from './reply-addresses';

/** The reply addresses alone, so that mailing (which names them) and replies (which reads them) share them. */
@Module({
  imports: [TypeOrmModule.forFeature([ReplyAddress])],
  providers: [ReplyAddresses],
  exports: [ReplyAddresses],
})
export class ReplyAddressesModule {}
