# The "ingress" job from Nomad 0.12's networking announcement: a bridge-mode
# group that takes static port 443 on the clients' "public" host network and
# exposes a dynamic "metrics" port mapped to 9100 inside the namespace.
job "ingress" {
  datacenters = ["dc1"]

  group "ingress" {
    count = 3

    network {
      mode = "bridge"

      port "https" {
        static       = 443
        host_network = "public"
      }

      port "metrics" {
        to = 9100
      }
    }

    service {
      name = "ingress"
      port = "https"
    }

    task "proxy" {
      driver = "docker"

      config {
        image = "example/proxy:2.1"
        ports = ["https", "metrics"]
      }
    }
  }
}
