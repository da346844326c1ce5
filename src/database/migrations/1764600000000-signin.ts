import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { instantType } from '../column-types';

/** Roles, sign-in by link or code, sessions, personal API tokens and the audit trail. Existing members become `member`. */
export class Signin1764600000000 implements MigrationInterface {
  name = 'Signin1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.addColumn(
      'member',
      new TableColumn({ name: 'role', type: 'varchar', length: '16', default: "'member'", isNullable: false }),
    );
    const member = (column: string) =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: 'member',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });
    await queryRunner.createTable(
      new Table({
        name: 'signin_request',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'emailHash', type: 'varchar', length: '64' },
          { name: 'clientHash', type: 'varchar', length: '64' },
          { name: 'memberId', type: 'varchar', length: '36', isNullable: true },
          { name: 'tokenHash', type: 'varchar', length: '64', isNullable: true, isUnique: true },
          { name: 'codeHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'codeTries', type: 'integer', default: 0 },
          { name: 'expiresAt', type: instant },
          { name: 'usedAt', type: instant, isNullable: true },
          { name: 'createdAt', type: instant },
        ],
        foreignKeys: [member('memberId')],
        indices: [
          new TableIndex({ name: 'IDX_signin_request_email', columnNames: ['emailHash', 'createdAt'] }),
          new TableIndex({ name: 'IDX_signin_request_client', columnNames: ['clientHash', 'createdAt'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'session',
        columns: [
          { name: 'idHash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36' },
          { name: 'createdAt', type: instant },
          { name: 'lastSeenAt', type: instant },
        ],
        foreignKeys: [member('memberId')],
        indices: [new TableIndex({ name: 'IDX_session_member', columnNames: ['memberId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_token',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'tokenHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'createdAt', type: instant },
          { name: 'lastUsedAt', type: instant, isNullable: true },
          { name: 'revokedAt', type: instant, isNullable: true },
        ],
        foreignKeys: [member('memberId')],
        indices: [new TableIndex({ name: 'IDX_api_token_member', columnNames: ['memberId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'at', type: instant },
          { name: 'actorKind', type: 'varchar', length: '16' },
          { name: 'actorMemberId', type: 'varchar', length: '36', isNullable: true },
          { name: 'actorTokenId', type: 'varchar', length: '36', isNullable: true },
          { name: 'actorName', type: 'varchar', length: '200' },
          { name: 'action', type: 'varchar', length: '100' },
          { name: 'thingKind', type: 'varchar', length: '50' },
          { name: 'thingId', type: 'varchar', length: '100', isNullable: true },
          { name: 'related', type: 'text' },
          { name: 'fields', type: 'text' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_entry_thing', columnNames: ['thingKind', 'thingId'] }),
          new TableIndex({ name: 'IDX_audit_entry_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_audit_entry_actor', columnNames: ['actorMemberId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_entry', 'api_token', 'session', 'signin_request']) await queryRunner.dropTable(table);
    await queryRunner.dropColumn('member', 'role');
  }
}
