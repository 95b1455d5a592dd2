// The one configuration schema. The Config type comes from it; defaults live here and nowhere else.
// additionalProperties:false everywhere: an unknown key is an error with a "did you mean" hint.
import { type Static, Type as T } from "@sinclair/typebox";

const Digits = (n: number, description: string) => T.String({ pattern: `^[0-9]{${n}}$`, description });
const strict = { additionalProperties: false } as const;

const UF = T.Union(
  "AC AL AM AP BA CE DF ES GO MA MG MS MT PA PB PE PI PR RJ RN RO RR RS SC SE SP TO"
    .split(" ")
    .map((uf) => T.Literal(uf)),
  { description: "emitter state (UF)" },
);

export const AddressSchema = T.Object(
  {
    street: T.String({ minLength: 2, maxLength: 60 }),
    number: T.String({ minLength: 1, maxLength: 60 }),
    complement: T.Optional(T.String({ minLength: 1, maxLength: 60 })),
    district: T.String({ minLength: 2, maxLength: 60 }),
    cityCode: Digits(7, "IBGE city code"),
    city: T.String({ minLength: 2, maxLength: 60 }),
    uf: UF,
    cep: Digits(8, "CEP"),
    phone: T.Optional(T.String({ pattern: "^[0-9]{6,14}$" })),
  },
  strict,
);

export const EmitterSchema = T.Object(
  {
    // NT 2026.004: CNPJ may be alphanumeric in its first 12 positions.
    cnpj: T.Optional(T.String({ pattern: "^[0-9A-Z]{12}[0-9]{2}$", description: "emitter CNPJ" })),
    cpf: T.Optional(Digits(11, "emitter CPF (NT 2023.002, series 920-969)")),
    ie: T.String({ pattern: "^([0-9]{2,14}|ISENTO)$" }),
    name: T.String({ minLength: 2, maxLength: 60 }),
    tradeName: T.Optional(T.String({ minLength: 1, maxLength: 60 })),
    crt: T.Union([T.Literal(1), T.Literal(2), T.Literal(3), T.Literal(4)]),
    im: T.Optional(T.String({ minLength: 1, maxLength: 15 })),
    cnae: T.Optional(Digits(7, "CNAE")),
    address: AddressSchema,
  },
  strict,
);

export const HardwareSchema = T.Object(
  {
    scanner: T.Object(
      {
        driver: T.Union([T.Literal("sim"), T.Literal("serial"), T.Literal("evdev"), T.Literal("none")], {
          default: "sim",
        }),
        path: T.Optional(T.String({ description: "serial device, prefer /dev/serial/by-id/..." })),
        baudRate: T.Integer({ default: 9600 }),
        interByteTimeoutMs: T.Integer({ default: 50, minimum: 5 }),
        maxLength: T.Integer({ default: 64, minimum: 8 }),
      },
      { ...strict, default: {} },
    ),
    printer: T.Object(
      {
        driver: T.Union([T.Literal("sim"), T.Literal("serial"), T.Literal("none")], { default: "sim" }),
        path: T.Optional(T.String()),
        baudRate: T.Integer({ default: 115200 }),
        model: T.Union([T.Literal("epson-tm-t20"), T.Literal("elgin-i9"), T.Literal("bematech-mp4200")], {
          default: "epson-tm-t20",
        }),
        paperWidthMm: T.Union([T.Literal(58), T.Literal(80)], { default: 80 }),
        storeCopy: T.Union([T.Literal("paper"), T.Literal("electronic")], {
          default: "electronic",
          description: "second copy 'Via do Estabelecimento' in contingency: printed or kept as XML",
        }),
        statusTimeoutMs: T.Integer({ default: 500, minimum: 50 }),
      },
      { ...strict, default: {} },
    ),
    leds: T.Object(
      {
        driver: T.Union([T.Literal("sim"), T.Literal("sysfs"), T.Literal("gpio"), T.Literal("none")], {
          default: "sim",
        }),
        root: T.String({ default: "/sys/class/leds" }),
        names: T.Object(
          {
            online: T.String({ default: "nfce:green:online" }),
            contingency: T.String({ default: "nfce:amber:contingency" }),
            fault: T.String({ default: "nfce:red:fault" }),
          },
          { ...strict, default: {} },
        ),
        lines: T.Optional(
          T.Object(
            { online: T.Integer(), contingency: T.Integer(), fault: T.Integer() },
            { ...strict, description: "GPIO line offsets (gpio driver), resolved against the chip base" },
          ),
        ),
      },
      { ...strict, default: {} },
    ),
    drawer: T.Object(
      {
        driver: T.Union([T.Literal("sim"), T.Literal("printer"), T.Literal("gpio"), T.Literal("none")], {
          default: "sim",
        }),
        line: T.Optional(T.Integer({ description: "GPIO line offset (gpio driver)" })),
        pulseMs: T.Integer({ default: 100, minimum: 10, maximum: 500 }),
      },
      { ...strict, default: {} },
    ),
    gpio: T.Object(
      {
        root: T.String({
          default: "/sys/class/gpio",
          description: "sysfs GPIO root (gpio LED and drawer drivers)",
        }),
        chipLabel: T.String({
          default: "^pinctrl-(bcm2835|bcm2711|rp1)$",
          description: "regular expression for the SoC GPIO chip label; its base is read at run time",
        }),
      },
      { ...strict, default: {} },
    ),
    console: T.Object(
      {
        driver: T.Union([T.Literal("serial"), T.Literal("none")], { default: "none" }),
        path: T.String({ default: "/dev/serial0" }),
        baudRate: T.Integer({ default: 115200 }),
      },
      { ...strict, default: {} },
    ),
  },
  { ...strict, default: {} },
);

export const SefazUrlsSchema = T.Object(
  {
    autorizacao: T.Optional(T.String()),
    retAutorizacao: T.Optional(T.String()),
    status: T.Optional(T.String()),
    consulta: T.Optional(T.String()),
    inutilizacao: T.Optional(T.String()),
    evento: T.Optional(T.String()),
  },
  strict,
);

export const ConfigSchema = T.Object(
  {
    environment: T.Union([T.Literal("homologacao"), T.Literal("producao")], { default: "homologacao" }),
    dataDir: T.String({ minLength: 1 }),
    emitter: EmitterSchema,
    certificate: T.Object(
      {
        path: T.String({ minLength: 1 }),
        password: T.Optional(T.String()),
        passwordFile: T.Optional(T.String()),
      },
      strict,
    ),
    csc: T.Optional(
      T.Object(
        {
          id: T.String({ pattern: "^[0-9]{1,6}$" }),
          token: T.Optional(T.String({ pattern: "^[0-9A-Za-z-]{16,36}$" })),
          tokenFile: T.Optional(T.String()),
          expiresAt: T.Optional(T.String({ description: "YYYY-MM-DD, for expiry warnings" })),
        },
        strict,
      ),
    ),
    qrCodeVersion: T.Union([T.Literal(2), T.Literal(3)], { default: 2 }),
    series: T.Integer({ minimum: 0, maximum: 969, default: 1 }),
    respTec: T.Optional(
      T.Object(
        {
          cnpj: T.String({ pattern: "^[0-9A-Z]{12}[0-9]{2}$" }),
          contact: T.String({ minLength: 2, maxLength: 60 }),
          email: T.String({ minLength: 6, maxLength: 60 }),
          phone: T.String({ pattern: "^[0-9]{6,14}$" }),
          idCSRT: T.Optional(T.String({ pattern: "^[0-9]{2}$" })),
          csrt: T.Optional(T.String()),
        },
        strict,
      ),
    ),
    sefaz: T.Object(
      {
        urls: T.Optional(SefazUrlsSchema),
        caFile: T.Optional(T.String()),
        timeoutMs: T.Integer({ minimum: 1000, default: 15000 }),
        /** A sale whose online authorization takes longer than this goes offline (the customer does not wait). */
        onlineWaitMs: T.Integer({ minimum: 500, default: 8000 }),
        drainConcurrency: T.Integer({ minimum: 1, maximum: 8, default: 2 }),
      },
      { ...strict, default: {} },
    ),
    contingency: T.Object(
      {
        xJust: T.String({
          minLength: 15,
          maxLength: 256,
          default: "Falha de comunicacao com a SEFAZ autorizadora - emissao em contingencia off-line",
        }),
        maxOfflineNotes: T.Integer({ minimum: 1, default: 5000 }),
        maxOfflineHours: T.Number({ minimum: 1, default: 72 }),
        warnAtFraction: T.Number({ minimum: 0.1, maximum: 1, default: 0.8 }),
      },
      { ...strict, default: {} },
    ),
    /** Link watchdog (docs/contingency.md); defaults match src/watchdog/link-state.ts. */
    watchdog: T.Object(
      {
        interfaces: T.Optional(
          T.Array(
            T.Object(
              { name: T.String({ minLength: 1 }), kind: T.Union([T.Literal("ethernet"), T.Literal("lte")]) },
              strict,
            ),
            { description: "interfaces to watch; every non-loopback one when absent" },
          ),
        ),
        probeIntervalMs: T.Integer({ minimum: 1000, default: 15000 }),
        failuresToOffline: T.Integer({ minimum: 1, default: 3 }),
        successesToOnline: T.Integer({ minimum: 1, default: 5 }),
        recoverySpanMs: T.Integer({ minimum: 0, default: 60000 }),
        minDwellMs: T.Integer({ minimum: 0, default: 120000 }),
        statusIntervalMs: T.Integer({ minimum: 10000, default: 300000 }),
        statusSlowMs: T.Integer({ minimum: 500, default: 5000 }),
      },
      { ...strict, default: {} },
    ),
    gate: T.Object(
      {
        xsd: T.Union([T.Literal("auto"), T.Literal("required"), T.Literal("off")], {
          default: "auto",
          description: "auto: validate against the official XSDs when schemasDir exists",
        }),
        schemasDir: T.Optional(T.String()),
      },
      { ...strict, default: {} },
    ),
    backup: T.Object(
      {
        dir: T.Optional(T.String({ description: "second location (USB stick, second partition)" })),
        cron: T.String({ default: "15 23 * * *" }),
        keep: T.Integer({ minimum: 1, default: 14 }),
      },
      { ...strict, default: {} },
    ),
    journal: T.Object(
      {
        keyFile: T.Optional(
          T.String({
            description:
              "32-byte key (64 hex digits) sealing stored documents; keep it off the data partition",
          }),
        ),
        minFreeMb: T.Integer({
          minimum: 1,
          default: 64,
          description: "refuse to emit below this free space in dataDir",
        }),
      },
      { ...strict, default: {} },
    ),
    hardware: HardwareSchema,
    http: T.Object(
      {
        host: T.String({ default: "127.0.0.1" }),
        port: T.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
      },
      { ...strict, default: {} },
    ),
    /** Touchscreen UI, operator logins, catalog and technician console (docs/operador.md). */
    frontEnd: T.Object(
      {
        weighedBarcode: T.Union([T.Literal("price"), T.Literal("weight")], {
          default: "price",
          description:
            "scale labels (EAN-13 '2 CCCCC VVVVVV D') carry the total price in centavos or the weight in grams",
        }),
        pixPaymentType: T.Union([T.Literal("17"), T.Literal("20")], {
          default: "17",
          description:
            "tPag of the sale screen's PIX button: 17 dynamic QR (made per sale by a payment provider), 20 static QR (one printed code)",
        }),
        maxPinAttempts: T.Integer({ minimum: 3, maximum: 20, default: 5 }),
        lockoutMinutes: T.Integer({ minimum: 1, maximum: 1440, default: 5 }),
        sessionIdleMinutes: T.Integer({ minimum: 1, maximum: 720, default: 30 }),
        consoleIdleMinutes: T.Integer({ minimum: 1, maximum: 120, default: 5 }),
        exportRoots: T.Array(T.String({ minLength: 2 }), {
          default: ["/media", "/mnt"],
          description: "mount points under which the console may export to a USB stick",
        }),
      },
      { ...strict, default: {} },
    ),
    clock: T.Object(
      {
        trust: T.Union([T.Literal("system"), T.Literal("always")], { default: "system" }),
      },
      { ...strict, default: {} },
    ),
  },
  strict,
);

export type Config = Static<typeof ConfigSchema>;
export type EmitterConfig = Static<typeof EmitterSchema>;
export type HardwareConfig = Static<typeof HardwareSchema>;

/** The config after loading: secrets read from their files, paths made absolute. */
export interface ResolvedConfig extends Config {
  readonly configDir: string;
  readonly certificate: Config["certificate"] & { password: string };
  readonly csc?: NonNullable<Config["csc"]> & { token: string };
}
