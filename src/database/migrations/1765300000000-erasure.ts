import { MigrationInterface, QueryRunner } from 'typeorm';
import { instantType } from '../column-types';

/** An erased member's row stays, emptied, as what their registrations, seats and mails still point to. */
export class Erasure1765300000000 implements MigrationInterface {
  name = 'Erasure1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases: TypeORM's addColumn rebuilds the whole table on SQLite.
    await queryRunner.query(`ALTER TABLE member ADD COLUMN "erasedAt" ${instantType(queryRunner)} NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE member DROP COLUMN "erasedAt"');
  }
}
