/**
 * The Zendesk package's manifest and translations, generated at build time so the server URL
 * (and with it `domainWhitelist`) comes from the operator's environment.
 */
import packageJson from "../package.json" with { type: "json" };

export const DEFAULT_SERVER_URL = "http://localhost:8787";

/** `TANDEM_SERVER_URL`, else the server's own `PUBLIC_URL`, else the local default. */
export function serverUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.TANDEM_SERVER_URL || env.PUBLIC_URL || DEFAULT_SERVER_URL;
  const url = new URL(value);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export interface ManifestParameter {
  name: string;
  type: string;
  required?: boolean;
  secure?: boolean;
  default?: string | boolean;
  scopes?: string[];
}

/** Marketplace author; set these before submitting a listing under your own name. */
function authorFromEnv(env: NodeJS.ProcessEnv) {
  return {
    name: env.TANDEM_APP_AUTHOR_NAME || "Tandem contributors",
    email: env.TANDEM_APP_AUTHOR_EMAIL || "maintainers@tandem.dev",
    url: env.TANDEM_APP_AUTHOR_URL || "https://tandem.dev",
  };
}

export function buildManifest(serverUrl: string, env: NodeJS.ProcessEnv = process.env) {
  const host = new URL(serverUrl).hostname;
  const parameters: ManifestParameter[] = [
    { name: "server_url", type: "url", required: true, default: serverUrl },
    { name: "api_token", type: "text", required: true, secure: true, scopes: ["header"] },
    { name: "jwt_secret", type: "text", required: false, secure: true, scopes: ["jwt_secret_key"] },
    { name: "sign_agent_identity", type: "checkbox", required: false, default: false },
  ];
  return {
    name: "Tandem",
    author: authorFromEnv(env),
    defaultLocale: "en",
    private: false,
    location: {
      support: {
        ticket_sidebar: { url: "assets/iframe.html", flexible: true },
        nav_bar: { url: "assets/iframe.html" },
      },
    },
    version: packageJson.version,
    frameworkVersion: "2.0",
    singleInstall: true,
    domainWhitelist: [host],
    parameters,
  };
}

interface AppText {
  name: string;
  short_description: string;
  long_description?: string;
  installation_instructions?: string;
  parameters: Record<string, { label: string; helpText: string }>;
}

const en: AppText = {
  name: "Tandem",
  short_description:
    "Review AI-drafted replies and proposed ticket actions, then approve them in one click.",
  long_description: [
    "Tandem puts an AI-drafted reply and proposed ticket actions (status, priority, tags, assignment, macros and your own business actions such as refunds) next to every ticket. Agents approve them with one click, edit them, or reject them with a reason; nothing reaches the customer or your systems without a human.",
    "",
    "- Drafts in the customer's language, grounded in your help center articles and macros, with the sources and the reasoning shown.",
    "- Every proposed action shows its before → after values, its risk and whether your policy lets it run automatically.",
    "- External AI agents (for example a chatbot) can consult a human: their requests appear in the sidebar for approval.",
    "- Approval analytics in the nav bar: acceptance rate, edit distance between draft and the reply actually sent, time to decision, per action type.",
    "",
    "Tandem is open source and self-hosted: drafts, decisions and your data stay on your own server. It works with the OpenAI API or any compatible endpoint, and offers an offline drafter when no model is configured.",
  ].join("\n"),
  installation_instructions: [
    "1. Run the Tandem server (see its README) somewhere Zendesk can reach over HTTPS.",
    "2. Create an installation for this Zendesk account: `pnpm tandem installations create --platform zendesk --subdomain <your subdomain>`. It prints two tokens once: an app token and an admin token.",
    "3. Enter the server URL and the app token below. Never enter the admin token here: it changes the policy and the knowledge, and any agent could use it from the browser.",
    '4. Optional: to make the app token work only through this Zendesk account, set a JWT shared secret on the server installation, enter the same secret below and tick "Sign requests". The agent named in the requests is still recorded as asserted, not verified.',
  ].join("\n"),
  parameters: {
    server_url: {
      label: "Tandem server URL",
      helpText: "The HTTPS address of your Tandem server, e.g. https://tandem.example.com",
    },
    api_token: {
      label: "Tandem app token",
      helpText:
        "The app token (scope app) printed when this installation was created. Never paste the admin token here.",
    },
    jwt_secret: {
      label: "JWT shared secret",
      helpText: "Optional. The same secret as the installation's JWT secret on the server.",
    },
    sign_agent_identity: {
      label: "Sign requests",
      helpText:
        "Zendesk signs every request with the JWT shared secret, so the app token works only through this account. The agent it names is recorded as asserted.",
    },
  },
};

const translated: Record<string, AppText> = {
  es: {
    name: "Tandem",
    short_description:
      "Revise respuestas redactadas por IA y acciones propuestas para el ticket, y apruébelas con un clic.",
    parameters: {
      server_url: {
        label: "URL del servidor de Tandem",
        helpText: "La dirección HTTPS de su servidor de Tandem.",
      },
      api_token: {
        label: "Token de la aplicación de Tandem",
        helpText:
          "El token de la aplicación (ámbito app) que mostró el servidor al crear esta instalación. Nunca pegue aquí el token de administración.",
      },
      jwt_secret: {
        label: "Secreto compartido JWT",
        helpText: "Opcional. El mismo secreto JWT configurado en el servidor.",
      },
      sign_agent_identity: {
        label: "Firmar las solicitudes",
        helpText:
          "Zendesk firma cada solicitud con el secreto JWT, así el token solo funciona desde esta cuenta. El agente que nombra se registra como declarado.",
      },
    },
  },
  fr: {
    name: "Tandem",
    short_description:
      "Relisez les réponses rédigées par l’IA et les actions proposées, puis approuvez-les en un clic.",
    parameters: {
      server_url: {
        label: "URL du serveur Tandem",
        helpText: "L’adresse HTTPS de votre serveur Tandem.",
      },
      api_token: {
        label: "Jeton d’application Tandem",
        helpText:
          "Le jeton d’application (portée app) affiché lors de la création de cette installation. Ne collez jamais ici le jeton d’administration.",
      },
      jwt_secret: {
        label: "Secret partagé JWT",
        helpText: "Facultatif. Le même secret JWT que sur le serveur.",
      },
      sign_agent_identity: {
        label: "Signer les requêtes",
        helpText:
          "Zendesk signe chaque requête avec le secret JWT : le jeton ne fonctionne que depuis ce compte. L’agent nommé est enregistré comme déclaré.",
      },
    },
  },
  de: {
    name: "Tandem",
    short_description:
      "Prüfen Sie KI-Antwortentwürfe und vorgeschlagene Ticket-Aktionen und geben Sie sie mit einem Klick frei.",
    parameters: {
      server_url: {
        label: "Tandem-Server-URL",
        helpText: "Die HTTPS-Adresse Ihres Tandem-Servers.",
      },
      api_token: {
        label: "Tandem-App-Token",
        helpText:
          "Das App-Token (Bereich app), das beim Anlegen dieser Installation ausgegeben wurde. Fügen Sie hier nie das Admin-Token ein.",
      },
      jwt_secret: {
        label: "Gemeinsames JWT-Geheimnis",
        helpText: "Optional. Dasselbe JWT-Geheimnis wie auf dem Server.",
      },
      sign_agent_identity: {
        label: "Anfragen signieren",
        helpText:
          "Zendesk signiert jede Anfrage mit dem JWT-Geheimnis, sodass das Token nur über dieses Konto funktioniert. Der genannte Agent gilt als angegeben, nicht als geprüft.",
      },
    },
  },
  "pt-br": {
    name: "Tandem",
    short_description:
      "Revise respostas redigidas por IA e ações propostas para o ticket e aprove-as com um clique.",
    parameters: {
      server_url: {
        label: "URL do servidor do Tandem",
        helpText: "O endereço HTTPS do seu servidor do Tandem.",
      },
      api_token: {
        label: "Token do app Tandem",
        helpText:
          "O token do app (escopo app) exibido ao criar esta instalação. Nunca cole aqui o token de administração.",
      },
      jwt_secret: {
        label: "Segredo compartilhado JWT",
        helpText: "Opcional. O mesmo segredo JWT configurado no servidor.",
      },
      sign_agent_identity: {
        label: "Assinar as solicitações",
        helpText:
          "O Zendesk assina cada solicitação com o segredo JWT, então o token só funciona por esta conta. O agente indicado é registrado como declarado.",
      },
    },
  },
};

/** `translations/<locale>.json` files: the `app` section Zendesk reads for settings and listings. */
export function buildTranslations(): Record<string, { app: AppText }> {
  return {
    en: { app: en },
    ...Object.fromEntries(Object.entries(translated).map(([locale, app]) => [locale, { app }])),
  };
}
