import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { instantType } from '../column-types';

export class Mailing1764300000000 implements MigrationInterface {
  name = 'Mailing1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.addColumn('member', new TableColumn({ name: 'unsubscribedAt', type: instant, isNullable: true }));
    await queryRunner.addColumn(
      'event',
      new TableColumn({ name: 'remindersQueuedAt', type: instant, isNullable: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'memberId', type: 'varchar', length: '36' },
          { name: 'eventId', type: 'varchar', length: '36', isNullable: true },
          { name: 'details', type: 'text', default: "'{}'" },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'nextAttemptAt', type: instant },
          { name: 'claimedUntil', type: instant, isNullable: true },
          { name: 'claimedBy', type: 'varchar', length: '100', isNullable: true },
          { name: 'lastError', type: 'text', isNullable: true },
          { name: 'recipient', type: 'varchar', length: '320', isNullable: true },
          { name: 'subject', type: 'varchar', length: '500', isNullable: true },
          { name: 'createdAt', type: instant },
          { name: 'sentAt', type: instant, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['memberId'],
            referencedTableName: 'member',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_outbox_due', columnNames: ['status', 'nextAttemptAt'] }),
          new TableIndex({ name: 'IDX_outbox_event', columnNames: ['eventId'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'invitation',
        columns: [
          { name: 'eventId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'invitedAt', type: instant },
          { name: 'sends', type: 'integer', default: 1 },
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
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('invitation');
    await queryRunner.dropTable('outbox');
    await queryRunner.dropColumn('event', 'remindersQueuedAt');
    await queryRunner.dropColumn('member', 'unsubscribedAt');
  }
}
