import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SpaceSetting } from './space-setting.entity';
import { SpaceService } from './space.service';

@Module({
  imports: [TypeOrmModule.forFeature([SpaceSetting])],
  providers: [SpaceService],
  exports: [SpaceService],
})
export class SpaceModule {}
