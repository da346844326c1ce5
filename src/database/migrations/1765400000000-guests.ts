import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { instantType } from '../column-types';

/**
 * Guests who register for a public event by mail: their asks (the confirmation link kept hashed), and outbox rows
 * that go to someone who is not a member yet (the confirmation mail), so the outbox's member becomes optional.
 */
export class Guests1765400000000 implements MigrationInterface {
  name = 'Guests1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'guest_request',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'eventId', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'email', type: 'varchar', length: '320' },
          { name: 'locale', type: 'varchar', length: '2' },
          { name: 'emailHash', type: 'varchar', length: '64' },
          { name: 'clientHash', type: 'varchar', length: '64' },
          { name: 'tokenHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'expiresAt', type: instant },
          { name: 'usedAt', type: instant, isNullable: true },
          { name: 'createdAt', type: instant },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['eventId'],
            referencedTableName: 'event',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_guest_request_email', columnNames: ['emailHash', 'createdAt'] }),
          new TableIndex({ name: 'IDX_guest_request_client', columnNames: ['clientHash', 'createdAt'] }),
        ],
      }),
    );
    await this.memberIdNullable(queryRunner, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Confirmation mails have no member to keep them: they go with the asks.
    await queryRunner.query('DELETE FROM outbox WHERE "memberId" IS NULL');
    await this.memberIdNullable(queryRunner, false);
    await queryRunner.dropTable('guest_request');
  }

  /** PostgreSQL alters the column in place; on SQLite TypeORM copies the table into a new one, every row kept. */
  private async memberIdNullable(queryRunner: QueryRunner, nullable: boolean): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`ALTER TABLE outbox ALTER COLUMN "memberId" ${nullable ? 'DROP' : 'SET'} NOT NULL`);
      return;
    }
    const column = { name: 'memberId', type: 'varchar', length: '36' };
    await queryRunner.changeColumn(
      'outbox',
      new TableColumn({ ...column, isNullable: !nullable }),
      new TableColumn({ ...column, isNullable: nullable }),
    );
  }
}
