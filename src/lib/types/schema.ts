import type { Database as Generated } from './database';

type Public = Generated['public'];
type IdeaRow = Public['Tables']['ideas']['Row'];

/**
 * The generated types plus what the generator cannot know: it types every column of a view as
 * nullable, but `staff_ideas` is `ideas`, row for row (select i.* with a role check). The clients
 * are typed with this; everything else may keep importing from ./database.
 */
export type Schema = Omit<Generated, 'public'> & {
	public: Omit<Public, 'Views'> & {
		Views: Omit<Public['Views'], 'staff_ideas'> & {
			staff_ideas: Omit<Public['Views']['staff_ideas'], 'Row'> & { Row: IdeaRow };
		};
	};
};
