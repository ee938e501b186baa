public import Hummingbird
import Prometheus
