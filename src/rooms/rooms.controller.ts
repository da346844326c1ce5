import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdParam } from '../common/id-param';
import { CreateRoomDto, RoomResponse, UpdateRoomDto } from './room.dto';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('api/rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Post()
  create(@Body() input: CreateRoomDto): Promise<RoomResponse> {
    return this.rooms.create(input);
  }

  @Get()
  list(): Promise<RoomResponse[]> {
    return this.rooms.list();
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<RoomResponse> {
    return this.rooms.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() changes: UpdateRoomDto): Promise<RoomResponse> {
    return this.rooms.update(id, changes);
  }
}
