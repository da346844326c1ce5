import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { instantType } from '../column-types';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'space_setting',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
          { name: 'createdAt', type: instant },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'member',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'email', type: 'varchar', length: '320', isUnique: true },
          { name: 'locale', type: 'varchar', length: '2', default: "'fr'" },
          { name: 'skills', type: 'text', default: "'[]'" },
          { name: 'membership', type: 'varchar', length: '16', default: "'nomad'" },
          { name: 'company', type: 'varchar', length: '200', isNullable: true },
          { name: 'feedToken', type: 'varchar', length: '64', isUnique: true },
          { name: 'createdAt', type: instant },
          { name: 'updatedAt', type: instant },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('member');
    await queryRunner.dropTable('space_setting');
  }
}
