import { z } from 'zod';

export const ZPasswordSchema = z.string().min(8, 'at least 8 characters').max(256);
