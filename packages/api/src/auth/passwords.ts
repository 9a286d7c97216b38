// Hashing lives next to the seed data that also needs it; the API uses the same functions.
export { hashPassword, verifyPassword } from "@dentalcare/db";
