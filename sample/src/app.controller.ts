import { Controller, Get, Redirect } from '@nestjs/common';

/** The sample's home: the module's playground page. */
@Controller()
export class AppController {
  @Get()
  @Redirect('/navai/playground', 302)
  home() {}
}
