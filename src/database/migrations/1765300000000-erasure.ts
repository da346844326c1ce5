import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instantType } from '../column-types';

/** An erased member's row stays, emptied, as what their registrations, seats and mails still point to. */
export class Erasure1765300000000 implements MigrationInterface {
  name = 'Erasure1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.addColumn('member', new TableColumn({ name: 'erasedAt', type: instant, isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('member', 'erasedAt');
  }
}
