import {
  deleteCategory,
  describeCategoryRemoval,
  reorderCategories,
  updateCategory,
} from '../../domain/news/categories.ts';
import { getSiteSettings, updateSiteSettings } from '../../domain/news/site-settings.ts';
import {
  CategoryDeleted,
  CategoryOrderRequest,
  CategoryParams,
  CategoryRemoval,
  DeleteCategoryQuery,
  UpdateCategoryRequest,
} from '../../protocol/categories.ts';
import { CategoryList, CategoryView } from '../../protocol/news.ts';
import { SiteSettings, SiteSettingsView } from '../../protocol/site-settings.ts';
import { defineRoute } from './route.ts';

const tag = 'portal';

/** The portal's categories (beyond listing and adding) and its particulars. */
export const portalRoutes = [
  defineRoute({
    method: 'patch',
    path: '/news/categories/:categoryId',
    operationId: 'updateCategory',
    summary: 'Rename, describe, hide or show a category (administrators)',
    tag,
    access: 'admin',
    params: CategoryParams,
    body: UpdateCategoryRequest,
    response: CategoryView,
    errors: ['forbidden', 'not_found', 'conflict'],
    handler: (ctx) =>
      updateCategory({
        db: ctx.db,
        actor: ctx.actor,
        categoryId: ctx.params.categoryId,
        input: ctx.body,
      }),
  }),
  defineRoute({
    method: 'put',
    path: '/news/category-order',
    operationId: 'reorderCategories',
    summary: 'Put the categories in order: every category id, each once (administrators)',
    tag,
    access: 'admin',
    body: CategoryOrderRequest,
    response: CategoryList,
    errors: ['forbidden'],
    handler: (ctx) => reorderCategories({ db: ctx.db, actor: ctx.actor, ids: ctx.body.ids }),
  }),
  defineRoute({
    method: 'get',
    path: '/news/categories/:categoryId/removal',
    operationId: 'describeCategoryRemoval',
    summary: 'What removing a category would do: how many articles it holds (administrators)',
    tag,
    access: 'admin',
    params: CategoryParams,
    response: CategoryRemoval,
    errors: ['forbidden', 'not_found'],
    handler: (ctx) =>
      describeCategoryRemoval({ db: ctx.db, actor: ctx.actor, categoryId: ctx.params.categoryId }),
  }),
  defineRoute({
    method: 'delete',
    path: '/news/categories/:categoryId',
    operationId: 'deleteCategory',
    summary:
      'Remove a category; its articles move to `moveTo`, or are left without a category (administrators)',
    tag,
    access: 'admin',
    params: CategoryParams,
    query: DeleteCategoryQuery,
    response: CategoryDeleted,
    errors: ['forbidden', 'not_found'],
    handler: (ctx) =>
      deleteCategory({
        db: ctx.db,
        actor: ctx.actor,
        categoryId: ctx.params.categoryId,
        moveTo: ctx.query.moveTo,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/site-settings',
    operationId: 'getSiteSettings',
    summary: "The portal's particulars: names, emblem, managing agency, contacts, licence",
    tag,
    access: 'public',
    response: SiteSettingsView,
    handler: (ctx) => getSiteSettings({ db: ctx.db }),
  }),
  defineRoute({
    method: 'put',
    path: '/site-settings',
    operationId: 'updateSiteSettings',
    summary: "Replace the portal's particulars (administrators)",
    tag,
    access: 'admin',
    body: SiteSettings,
    response: SiteSettingsView,
    errors: ['forbidden'],
    handler: (ctx) => updateSiteSettings({ db: ctx.db, actor: ctx.actor, input: ctx.body }),
  }),
];
