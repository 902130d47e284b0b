import type { Locale } from '../i18n/messages.js';

/**
 * The strings of the edit form and the deletion's confirmation (`<teahouse-edit>`) that nothing
 * else shows, in a catalog of their own that loads with the element, so the main bundle carries
 * none of them. The rest (编辑 沙发, 取消, errors) comes from the main catalog. Each locale must
 * provide all of them.
 */
export interface EditMessages {
  save: string;
  /** The second press that deletes. */
  confirmDelete: string;
  /** The site's edit window has passed (the server answered 409). */
  editExpired: string;
}

export const en: EditMessages = {
  save: 'Save',
  confirmDelete: 'Yes, delete',
  editExpired: 'The time for editing or deleting this reply has passed.',
};

export const zhCN: EditMessages = {
  save: '保存',
  confirmDelete: '确认删除',
  editExpired: '已超过可编辑或删除的时间。',
};

export const zhTW: EditMessages = {
  save: '儲存',
  confirmDelete: '確認刪除',
  editExpired: '已超過可編輯或刪除的時間。',
};

/** Locales shipped, by tag: the main catalog's. */
export const catalogs: Record<Locale, EditMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
