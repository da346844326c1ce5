import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { instantType } from '../column-types';

export class Events1764100000000 implements MigrationInterface {
  name = 'Events1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    const stamps = [
      { name: 'createdAt', type: instant },
      { name: 'updatedAt', type: instant },
    ];
    await queryRunner.createTable(
      new Table({
        name: 'room',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '120', isUnique: true },
          { name: 'capacity', type: 'integer', isNullable: true },
          { name: 'description', type: 'text', isNullable: true },
          ...stamps,
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'series',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'rrule', type: 'varchar', length: '500' },
          { name: 'firstStartsAt', type: instant },
          { name: 'timezone', type: 'varchar', length: '64' },
          ...stamps,
        ],
      }),
    );
    const counter = (name: string) => ({ name, type: 'integer', default: 0 });
    await queryRunner.createTable(
      new Table({
        name: 'event',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'uid', type: 'varchar', length: '255', isUnique: true },
          { name: 'seriesId', type: 'varchar', length: '36', isNullable: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'theme', type: 'varchar', length: '200', isNullable: true },
          { name: 'startsAt', type: instant },
          { name: 'endsAt', type: instant },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'location', type: 'varchar', length: '300', isNullable: true },
          { name: 'roomId', type: 'varchar', length: '36', isNullable: true },
          { name: 'capacity', type: 'integer', isNullable: true },
          { name: 'minAttendees', type: 'integer', isNullable: true },
          { name: 'quorumDeadline', type: instant, isNullable: true },
          { name: 'visibility', type: 'varchar', length: '16' },
          { name: 'streamUrl', type: 'varchar', length: '500', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'cancelReason', type: 'text', isNullable: true },
          { name: 'cancelledAt', type: instant, isNullable: true },
          counter('sequence'),
          counter('goingCount'),
          counter('waitlistedCount'),
          counter('maybeCount'),
          counter('declinedCount'),
          ...stamps,
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['seriesId'],
            referencedTableName: 'series',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({ columnNames: ['roomId'], referencedTableName: 'room', referencedColumnNames: ['id'] }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_event_startsAt', columnNames: ['startsAt'] }),
          new TableIndex({ name: 'IDX_event_room_startsAt', columnNames: ['roomId', 'startsAt'] }),
          new TableIndex({ name: 'IDX_event_series', columnNames: ['seriesId', 'startsAt'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'event_host',
        columns: [
          { name: 'eventId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36', isPrimary: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['eventId'],
            referencedTableName: 'event',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['memberId'],
            referencedTableName: 'member',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [new TableIndex({ name: 'IDX_event_host_member', columnNames: ['memberId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['event_host', 'event', 'series', 'room']) await queryRunner.dropTable(table);
  }
}
