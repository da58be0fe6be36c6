// An ES module of the CommonJS app's own: it must see the same package as the app's require() does.
export { FunctionRegistry, NavaiModule } from 'nestjs-navai';
