import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A line on what each member does, edited in their space. Existing members have none yet. */
export class MemberBio1765100000000 implements MigrationInterface {
  name = 'MemberBio1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'member',
      new TableColumn({ name: 'bio', type: 'varchar', length: '300', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('member', 'bio');
  }
}
