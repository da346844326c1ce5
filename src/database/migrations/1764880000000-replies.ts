import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { instantType } from '../column-types';

export class Replies1764880000000 implements MigrationInterface {
  name = 'Replies1764880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'reply_address',
        columns: [
          { name: 'token', type: 'varchar', length: '32', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36' },
          { name: 'eventId', type: 'varchar', length: '36' },
          { name: 'createdAt', type: instant },
        ],
        indices: [
          new TableIndex({
            name: 'IDX_reply_address_member_event',
            columnNames: ['memberId', 'eventId'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox_message',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'receivedAt', type: instant },
          { name: 'via', type: 'varchar', length: '8' },
          { name: 'messageId', type: 'varchar', length: '998', isNullable: true },
          { name: 'firstCopyOf', type: 'varchar', length: '998', isNullable: true, isUnique: true },
          { name: 'sender', type: 'varchar', length: '320', isNullable: true },
          { name: 'subject', type: 'varchar', length: '500', isNullable: true },
          { name: 'token', type: 'varchar', length: '32', isNullable: true },
          { name: 'memberId', type: 'varchar', length: '36', isNullable: true },
          { name: 'eventId', type: 'varchar', length: '36', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'response', type: 'varchar', length: '8', isNullable: true },
          { name: 'text', type: 'text', isNullable: true },
          { name: 'raw', type: 'text', isNullable: true },
          { name: 'claimedUntil', type: instant, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_inbox_message_received', columnNames: ['receivedAt'] }),
          new TableIndex({ name: 'IDX_inbox_message_outcome', columnNames: ['outcome'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox_lease',
        columns: [
          { name: 'name', type: 'varchar', length: '32', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '100', isNullable: true },
          { name: 'until', type: instant, isNullable: true },
        ],
      }),
    );
    // The one lease row exists from the start, so taking it is a conditional UPDATE, never a racing INSERT.
    await queryRunner.query(`INSERT INTO inbox_lease (name) VALUES ('imap')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['inbox_lease', 'inbox_message', 'reply_address']) await queryRunner.dropTable(table);
  }
}
