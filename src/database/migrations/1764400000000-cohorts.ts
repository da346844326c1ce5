import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { instantType } from '../column-types';

export class Cohorts1764400000000 implements MigrationInterface {
  name = 'Cohorts1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = instantType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'cohort',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'theme', type: 'varchar', length: '200', isNullable: true },
          { name: 'sponsor', type: 'varchar', length: '200', isNullable: true },
          { name: 'startsOn', type: 'varchar', length: '10' },
          { name: 'endsOn', type: 'varchar', length: '10' },
          { name: 'durationDays', type: 'integer' },
          { name: 'capacity', type: 'integer' },
          { name: 'sessionTime', type: 'varchar', length: '5' },
          { name: 'sessionMinutes', type: 'integer' },
          { name: 'checkInWeekday', type: 'integer' },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'feedToken', type: 'varchar', length: '64', isUnique: true },
          { name: 'summaryQueuedAt', type: instant, isNullable: true },
          { name: 'createdAt', type: instant },
          { name: 'updatedAt', type: instant },
        ],
        indices: [new TableIndex({ name: 'IDX_cohort_dates', columnNames: ['startsOn', 'endsOn'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cohort_member',
        columns: [
          { name: 'cohortId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'projectTitle', type: 'varchar', length: '200' },
          { name: 'projectGoal', type: 'text', isNullable: true },
          { name: 'helpNeeded', type: 'text', isNullable: true },
          { name: 'appliedAt', type: instant },
          { name: 'decidedAt', type: instant, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['cohortId'],
            referencedTableName: 'cohort',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['memberId'],
            referencedTableName: 'member',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [new TableIndex({ name: 'IDX_cohort_member_member', columnNames: ['memberId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'session_note',
        columns: [
          { name: 'eventId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'memberId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'cohortId', type: 'varchar', length: '36' },
          { name: 'note', type: 'text' },
          { name: 'updatedAt', type: instant },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['eventId'],
            referencedTableName: 'event',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['cohortId'],
            referencedTableName: 'cohort',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.addColumn(
      'event',
      new TableColumn({ name: 'cohortId', type: 'varchar', length: '36', isNullable: true }),
    );
    await queryRunner.createIndex('event', new TableIndex({ name: 'IDX_event_cohort', columnNames: ['cohortId'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('event', 'IDX_event_cohort');
    await queryRunner.dropColumn('event', 'cohortId');
    for (const table of ['session_note', 'cohort_member', 'cohort']) await queryRunner.dropTable(table);
  }
}
