import { z } from 'zod';
import { Uuid } from './common.ts';

export const CategoryParams = z.strictObject({ categoryId: Uuid });

/** Change a category's name, description or visibility (its address stays). */
export const UpdateCategoryRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(120).optional(),
    description: z.string().trim().max(500).optional(),
    hidden: z.boolean().optional(),
  })
  .meta({ id: 'UpdateCategoryRequest' });
export type UpdateCategoryInput = z.output<typeof UpdateCategoryRequest>;

/** Every category's id, in the order the menu and the home page show them. */
export const CategoryOrderRequest = z
  .strictObject({ ids: z.array(Uuid).min(1).max(500) })
  .meta({ id: 'CategoryOrderRequest' });

/** Where a removed category's articles go: another category, or none ("Không chuyên mục"). */
export const DeleteCategoryQuery = z.strictObject({ moveTo: Uuid.optional() });

/** What removing a category does, said before it is done. */
export const CategoryRemoval = z
  .object({
    id: Uuid,
    name: z.string(),
    /** Its articles, of every status: they move, they are never deleted. */
    articleCount: z.number().int(),
  })
  .meta({ id: 'CategoryRemoval' });

export const CategoryDeleted = CategoryRemoval.extend({
  /** The category the articles went to; null: none. */
  movedTo: Uuid.nullable(),
}).meta({ id: 'CategoryDeleted' });
