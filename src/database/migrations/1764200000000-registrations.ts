import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { instantType } from '../column-types';

export class Registrations1764200000000 implements MigrationInterface {
  name = 'Registrations1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.addColumn('member', new TableColumn({ name: 'rsvpVersion', type: 'integer', default: 0 }));
    await queryRunner.addColumn('event', new TableColumn({ name: 'quorumDecidedAt', type: instant, isNullable: true }));
    await queryRunner.addColumn('event', new TableColumn({ name: 'waitlistTickets', type: 'integer', default: 0 }));
    await queryRunner.createTable(
      new Table({
        name: 'registration',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'eventId', type: 'varchar', length: '36' },
          { name: 'memberId', type: 'varchar', length: '36' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'response', type: 'varchar', length: '8' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'waitlistedAt', type: instant, isNullable: true },
          { name: 'waitlistTicket', type: 'integer', isNullable: true },
          { name: 'checkedInAt', type: instant, isNullable: true },
          { name: 'answeredAt', type: instant },
          { name: 'createdAt', type: instant },
          { name: 'updatedAt', type: instant },
        ],
        uniques: [new TableUnique({ name: 'UQ_registration_event_member', columnNames: ['eventId', 'memberId'] })],
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
        indices: [
          new TableIndex({
            name: 'IDX_registration_event_status',
            columnNames: ['eventId', 'status', 'waitlistTicket'],
          }),
          new TableIndex({ name: 'IDX_registration_member', columnNames: ['memberId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('registration');
    await queryRunner.dropColumn('event', 'waitlistTickets');
    await queryRunner.dropColumn('event', 'quorumDecidedAt');
    await queryRunner.dropColumn('member', 'rsvpVersion');
  }
}
