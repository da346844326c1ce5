import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { AdminController } from './admin.controller';
import { AdminMembersModule } from './members/admin-members.module';
import { AdminRoomsModule } from './rooms/admin-rooms.module';
import { AdminPages } from './admin-pages';

@Module({
  imports: [ApiTokensModule, AuditModule, AdminMembersModule, AdminRoomsModule],
  controllers: [AdminController],
  providers: [AdminPages],
  exports: [AdminPages],
})
export class AdminModule {}
