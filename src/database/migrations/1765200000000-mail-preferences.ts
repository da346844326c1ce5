import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { instantType } from '../column-types';

const PREFERENCES = ['mailInvitations', 'mailReminders', 'mailDigest'];

/**
 * Mail preferences by kind (invitations, reminders, digest) replace `unsubscribedAt`: a member who had unsubscribed
 * keeps every kind off, the digest included (they asked for no more mail they had not answered for). And the weekly
 * digests sent, one row per member and week, which keeps two server processes from sending one twice.
 */
export class MailPreferences1765200000000 implements MigrationInterface {
  name = 'MailPreferences1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases: TypeORM's addColumn and dropColumn rebuild the whole table on SQLite.
    for (const column of PREFERENCES) {
      await queryRunner.query(`ALTER TABLE member ADD COLUMN "${column}" boolean NOT NULL DEFAULT true`);
    }
    await queryRunner.query(
      `UPDATE member SET ${PREFERENCES.map((column) => `"${column}" = false`).join(', ')}
       WHERE "unsubscribedAt" IS NOT NULL`,
    );
    await queryRunner.query('ALTER TABLE member DROP COLUMN "unsubscribedAt"');

    await queryRunner.createTable(
      new Table({
        name: 'weekly_digest',
        columns: [
          { name: 'memberId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'week', type: 'varchar', length: '8', isPrimary: true },
          { name: 'queuedAt', type: instantType(queryRunner) },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['memberId'],
            referencedTableName: 'member',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('weekly_digest');
    await queryRunner.query(`ALTER TABLE member ADD COLUMN "unsubscribedAt" ${instantType(queryRunner)}`);
    // Whoever turned invitations or reminders off is taken to have unsubscribed, as of their last change.
    await queryRunner.query(
      `UPDATE member SET "unsubscribedAt" = "updatedAt" WHERE NOT "mailInvitations" OR NOT "mailReminders"`,
    );
    for (const column of PREFERENCES) await queryRunner.query(`ALTER TABLE member DROP COLUMN "${column}"`);
  }
}
