import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { instantType } from '../column-types';

export class Encounters1764900000000 implements MigrationInterface {
  name = 'Encounters1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'table_seat',
        columns: [
          { name: 'eventId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'tableNumber', type: 'integer' },
          { name: 'tentative', type: 'boolean' },
          { name: 'plannedAt', type: instantType(queryRunner) },
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
        indices: [new TableIndex({ name: 'IDX_table_seat_member', columnNames: ['memberId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('table_seat');
  }
}
