import { Module } from '@nestjs/common';
import { AdminPages } from './admin-pages';

/** The layout and menu of the organisers' pages, for every part of the app (each part is a module of its own). */
@Module({ providers: [AdminPages], exports: [AdminPages] })
export class AdminPagesModule {}
