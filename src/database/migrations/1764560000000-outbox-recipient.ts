import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox names who a mail went to as "Name <address>" (a name of 200 and an address of 320 characters fit in 600),
 * and the rows sent before that, written as "[object Object]", get it from their member.
 */
export class OutboxRecipient1764560000000 implements MigrationInterface {
  name = 'OutboxRecipient1764560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite does not enforce a varchar's length; TypeORM's changeColumn would drop and re-add the column on PostgreSQL.
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE outbox ALTER COLUMN recipient TYPE varchar(600)');
    }
    await queryRunner.query(
      `UPDATE outbox SET recipient = (SELECT m.name || ' <' || m.email || '>' FROM member m WHERE m.id = outbox."memberId")
       WHERE recipient = '[object Object]'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        'ALTER TABLE outbox ALTER COLUMN recipient TYPE varchar(320) USING substr(recipient, 1, 320)',
      );
    }
  }
}
